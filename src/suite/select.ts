/**
 * Selection by id prefix (DESIGN.md core decision 7): `okta-spec/create` selects every step
 * whose id starts with it. A selected step also pulls in, transitively, the earlier steps that
 * produce the variables it uses, so `--grep okta-spec/get-created-user` still works.
 */
import { templateVariables } from '../engine/template.js';
import type { RequestStep, Suite } from '../model/suite.js';

export function matchesPrefix(id: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => id === p || id.startsWith(p.endsWith('/') ? p : `${p}`));
}

function usedVariables(step: RequestStep): Set<string> {
  const texts = [step.request.url, step.request.body ?? '', ...step.request.headers.map(([, v]) => v), ...step.assertions.map((a) => a.value ?? '')];
  return new Set(texts.flatMap((t) => templateVariables(t)));
}

/** Ids of the request steps to run; undefined when nothing is filtered. */
export function selectSteps(suite: Suite, prefixes: readonly string[]): Set<string> | undefined {
  if (prefixes.length === 0 || prefixes.some((p) => suite.id === p || suite.id.startsWith(`${p}/`) || p === `${suite.id}/`)) return undefined;
  const steps = suite.steps.filter((s): s is RequestStep => s.kind === 'request');
  const selected = new Set(steps.filter((s) => matchesPrefix(s.id, prefixes)).map((s) => s.id));
  let changed = true;
  while (changed) {
    changed = false;
    steps.forEach((step, i) => {
      if (!selected.has(step.id)) return;
      for (const name of usedVariables(step)) {
        const producer = steps.slice(0, i).reverse().find((p) => p.extractions.some((x) => x.name === name));
        if (producer && !selected.has(producer.id)) {
          selected.add(producer.id);
          changed = true;
        }
      }
    });
  }
  return selected;
}

/** True when the suite has anything selected by the prefixes. */
export function suiteSelected(suite: Suite, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return true;
  const sel = selectSteps(suite, prefixes);
  return sel === undefined || sel.size > 0;
}
