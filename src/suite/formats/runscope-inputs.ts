/**
 * The variables a Runscope export needs from the user (its "Initial Variables", which exports
 * do not carry): every `{{name}}` a request uses that no step extracts and no script sets, plus
 * every `get_secret("name")` of a script. Found statically, so a script that sets variables
 * under computed names makes the rest optional rather than wrongly required.
 */
import { templateVariables } from '../../engine/template.js';
import type { RequestStep, Script, Step, SuiteInput } from '../../model/suite.js';

/** Names that hold credentials: redacted everywhere (DESIGN.md core decision 10). */
const SECRET_NAME = /auth|token|password|secret/i;

/** `variables.set("name", …)` with a literal name. */
const LITERAL_SET = /variables\s*\.\s*set\s*\(\s*(["'`])([^"'`\\]+)\1/g;
/** `variables.set(name, …)` with anything else as the name. */
const COMPUTED_SET = /variables\s*\.\s*set\s*\(\s*(?=\S)(?!["'`][^"'`\\]+["'`]\s*,)/;
const GET_SECRET = /get_secret\s*\(\s*(["'`])([^"'`\\]+)\1/g;

/** Variable names a script sets by literal name. */
export function scriptSetVariables(code: string): string[] {
  return [...code.matchAll(LITERAL_SET)].map((m) => m[2] ?? '').filter(Boolean);
}

/** True when a script sets a variable whose name is computed (so we cannot know all it sets). */
export function scriptSetsComputedNames(code: string): boolean {
  return COMPUTED_SET.test(code);
}

function stepTemplates(step: RequestStep): string[] {
  return [
    step.request.url,
    ...step.request.headers.map(([, v]) => v),
    step.request.body ?? '',
    ...step.assertions.map((a) => a.value ?? ''),
  ];
}

/** A comma-separated list variable (see runscope.ts `LIST_VARIABLES`) gets a note in its description. */
export interface InputOptions {
  readonly initialScript?: Script;
  readonly listVariables: readonly string[];
}

/** The inputs of a converted export, in order of first use. */
export function runscopeInputs(steps: readonly Step[], options: InputOptions): SuiteInput[] {
  const requests = steps.filter((s): s is RequestStep => s.kind === 'request');
  const scripts = [...(options.initialScript ? [options.initialScript] : []), ...requests.flatMap((s) => [...s.beforeScripts, ...s.scripts])];
  const produced = new Set([
    ...requests.flatMap((s) => s.extractions.map((x) => x.name)),
    ...scripts.flatMap((s) => scriptSetVariables(s.code)),
  ]);
  const computed = scripts.some((s) => scriptSetsComputedNames(s.code));

  const usedBy = new Map<string, number[]>();
  const secrets = new Set<string>();
  const use = (name: string, n: number): void => {
    const list = usedBy.get(name) ?? [];
    if (!list.includes(n)) list.push(n);
    usedBy.set(name, list);
  };
  for (const step of requests) {
    const n = step.sourceIndex ?? 0;
    for (const t of stepTemplates(step)) for (const name of templateVariables(t)) if (!produced.has(name)) use(name, n);
    for (const script of [...step.beforeScripts, ...step.scripts]) {
      for (const m of script.code.matchAll(GET_SECRET)) {
        const name = m[2] ?? '';
        if (!name) continue;
        use(name, n);
        secrets.add(name);
      }
    }
  }

  return [...usedBy].map(([name, ns]) => {
    const where = `used by step${ns.length === 1 ? '' : 's'} ${ns.join(', ')}`;
    const list = options.listVariables.includes(name) ? '; a comma-separated list runs each step that uses it once per value' : '';
    const maybe = computed ? ' (a script sets variables under computed names, so it may set this one)' : '';
    return {
      name,
      description: `Runscope initial variable, ${where}${list}${maybe}`,
      ...(SECRET_NAME.test(name) || secrets.has(name) ? { secret: true } : {}),
      ...(computed ? { optional: true } : {}),
    };
  });
}
