/**
 * Suite lint (DESIGN.md: unique ids, refs resolve, `{{vars}}` defined before use). Native
 * suites are linted by our tests; a problem is a message naming the step and what is wrong.
 */
import { templateVariables } from '../engine/template.js';
import { isKnownSpecRef } from '../model/spec-ref.js';
import type { Suite } from '../model/suite.js';

/** Every problem found; empty when the suite is sound. */
export function lintSuite(suite: Suite, options: { random?: () => number } = {}): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const defined = new Set(suite.inputs.map((i) => i.name));
  if (suite.initial?.kind === 'generate') {
    for (const name of Object.keys(suite.initial.generate(options.random ?? Math.random))) defined.add(name);
  }
  // Variables a script sets (literal names) count as defined from that step on.
  const scriptSets = (code: string): string[] => [...code.matchAll(/variables\.set\(\s*["']([^"']+)["']/g)].map((m) => m[1] ?? '');
  if (suite.initial?.kind === 'script') for (const n of scriptSets(suite.initial.script.code)) defined.add(n);
  for (const step of suite.steps) {
    if (seen.has(step.id)) problems.push(`${step.id}: duplicate step id`);
    seen.add(step.id);
    if (!step.id.startsWith(`${suite.id}/`)) problems.push(`${step.id}: id does not start with the suite id ${suite.id}/`);
    if (step.kind === 'pause') continue;
    if (!/^[a-z0-9][a-z0-9/-]*$/.test(step.id)) problems.push(`${step.id}: id is not kebab-case and path-like`);
    for (const ref of step.refs) if (!isKnownSpecRef(ref)) problems.push(`${step.id}: unknown spec reference ${ref}`);
    if (step.refs.length === 0) problems.push(`${step.id}: no spec reference`);
    if (!step.requirement.trim() || !step.fix.trim()) problems.push(`${step.id}: requirement and fix must be written`);
    const writer = step.readBack?.of;
    if (writer !== undefined && (writer === step.id || !seen.has(writer))) problems.push(`${step.id}: reads back ${writer}, which is not an earlier step of the suite`);
    const templates = [step.request.url, step.request.body ?? '', ...step.request.headers.map(([, v]) => v), ...step.assertions.map((a) => a.value ?? '')];
    for (const s of step.beforeScripts) for (const n of scriptSets(s.code)) defined.add(n);
    for (const name of new Set(templates.flatMap((t) => templateVariables(t)))) {
      if (!defined.has(name)) problems.push(`${step.id}: uses {{${name}}} before any input, initial data or earlier step defines it`);
    }
    for (const x of step.extractions) defined.add(x.name);
    for (const s of step.scripts) for (const n of scriptSets(s.code)) defined.add(n);
  }
  for (const action of suite.cleanup) {
    for (const name of action.needs) if (!defined.has(name)) problems.push(`cleanup "${action.title}": needs {{${name}}}, which nothing defines`);
  }
  return problems;
}
