/**
 * Runs any Runscope (BlazeMeter API Monitoring) export unmodified: the JSON text becomes a Suite,
 * one RequestStep per request step and one PauseStep per pause, in order. Everything that cannot
 * run is reported at once as an InvalidSuiteError (the CLI's exit code 3).
 *
 * Mapping decisions (okta-runscope.md §7 and §10):
 * - Ids: `<slug of export name>/<nn>-<slug of note>`, nn the 1-based position in the export,
 *   e.g. `okta-scim-2-0-spec-test/11-create-okta-user-with-realistic-values`; pauses are
 *   `<suite>/<nn>-pause-<s>s`. Stable as long as the export's steps keep their places.
 * - Title = the note as written (`{{id}}` in a note is a label, never rendered); level from the
 *   note (`Optional Test:` → optional, else required); refs RUNSCOPE plus OKTA-SPEC / OKTA-CRUD /
 *   OKTA-OIN when the export's name says it is Okta's SPEC / CRUD / entitlements test.
 * - Headers keep their order; an array gives one header per element, a string one header.
 *   Assertion numbers become strings (`200` → "200"); variables named null and empty scripts
 *   are dropped; bodies are kept byte for byte (Okta's CRUD bodies use CRLF).
 * - `skipped: true`: a request step stays in the suite and always reports `skip` with the reason
 *   "skipped in the export" (it never runs and does not fail the run, as on Runscope); a
 *   skipped pause waits nothing, so it is left out.
 * - Read-back rule: a GET request step that directly follows a pause, and whose previous request
 *   step was not a GET, reads back what that write (or the Okta push it caused) did. It gets
 *   `readBack: { boundMs: <the pause> }`: with `--pauses skip` it is retried until it holds or
 *   the pause's time has passed; with `--pauses keep` it runs once after the pause, as on
 *   Runscope. (Okta CRUD steps 5, 8, 11, 15, 19; SPEC steps 13, 17.)
 * - Inputs: every `{{name}}` used but not extracted by a step nor set by a script
 *   (`variables.set("name", …)` with a literal name, the initial script included); secret when
 *   the name contains auth, token, password or secret.
 * - List variables (`EntitlementEndpoint`, whose Okta instructions say "duplicate the request for
 *   multiple Entitlement Endpoints"): when `options.variables` gives a comma-separated list, each
 *   step that uses the variable is expanded at load time into one step per value
 *   (`…/01-duplicate-the-request-…/roles`, `…/entitlements`), the value written into the copy.
 *   Without a value at load time the variable is an ordinary input.
 * - Refused with a clear message: step types `condition`/`conditional`, `conditional-loop`,
 *   `subtest`, `ghost-inspector` and `inbound` (a run here is one linear list of requests and
 *   pauses; none of Okta's exports uses them), the `response_xml` source, file uploads
 *   (`multipart_form`, `binary_body`), `graphql_body`, non-empty `args`, auth helpers other
 *   than basic, and methods other than GET/POST/PUT/PATCH/DELETE/HEAD/OPTIONS.
 */
import { createHash } from 'node:crypto';
import type { SpecRef } from '../../model/spec-ref.js';
import type { PauseStep, RequestStep, Script, Step, Suite } from '../../model/suite.js';
import { InvalidSuiteError } from '../invalid-suite-error.js';
import { jsonErrorOffset, lineAndColumn } from '../json-error-position.js';
import { slugify } from '../slug.js';
import { runscopeInputs } from './runscope-inputs.js';
import type { RunscopeExport, RunscopeRequestStep, RunscopeStep } from './runscope-schema.js';
import { stepLabel, UNSUPPORTED_STEP_TYPES, validateRunscopeExport, validateRunscopeStep } from './runscope-schema.js';
import { convertRequestStep, stepNumber } from './runscope-step.js';

export { InvalidSuiteError } from '../invalid-suite-error.js';

export interface RunscopeLoadOptions {
  /** Where the text came from (recorded in the suite's source). */
  readonly path?: string;
  /** The test's Initial Script (exports do not carry it): runs once before the first step. */
  readonly initialScript?: string;
  readonly initialScriptPath?: string;
  /** Variables known at load time; only list variables (`EntitlementEndpoint`) are read here. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** Variables whose value may be a comma-separated list that multiplies the steps using them. */
export const LIST_VARIABLES: readonly string[] = ['EntitlementEndpoint'];

const WHAT = 'Runscope export';

function parseJson(text: string): unknown {
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json) as unknown;
  } catch (e) {
    // V8 quotes an excerpt (`…, "{\n  "na"... is not valid JSON`); line and column say more.
    const message = (e as Error).message
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/\s+/g, ' ');
    const offset = jsonErrorOffset(json) ?? Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
    if (Number.isNaN(offset)) throw new InvalidSuiteError([`not valid JSON: ${message}`], { what: WHAT });
    const { line, column } = lineAndColumn(json, offset);
    throw new InvalidSuiteError([`not valid JSON: ${message} (line ${line}, column ${column})`], { what: WHAT });
  }
}

/** RUNSCOPE, plus Okta's documentation when the export is one of Okta's suites. */
function refsFor(name: string): SpecRef[] {
  const refs: SpecRef[] = ['RUNSCOPE'];
  if (/okta/i.test(name)) {
    if (/\bcrud\b/i.test(name)) refs.push('OKTA-CRUD');
    else if (/\bspec\b/i.test(name)) refs.push('OKTA-SPEC');
    else if (/entitlement/i.test(name)) refs.push('OKTA-OIN');
  }
  return refs;
}

function isRequest(step: RunscopeStep): step is RunscopeRequestStep {
  return step.step_type === 'request';
}

/** Read-back bounds by step index (see the module comment). */
function readBackBounds(steps: readonly RunscopeStep[]): Map<number, number> {
  const bounds = new Map<number, number>();
  let pausedMs = 0;
  let previousMethod: string | undefined;
  steps.forEach((step, i) => {
    if (step.skipped) return;
    if (step.step_type === 'pause') {
      pausedMs += (step as { duration: number }).duration * 1000;
      return;
    }
    if (!isRequest(step)) return;
    const method = step.method.trim().toUpperCase();
    if (method === 'GET' && pausedMs > 0 && previousMethod !== undefined && previousMethod !== 'GET') bounds.set(i, pausedMs);
    previousMethod = method;
    pausedMs = 0;
  });
  return bounds;
}

const LIST_SPLIT = /\s*,\s*/;

/** One step per value of a list variable the step uses (values written into the copies). */
function expandListVariables(step: RequestStep, variables: Readonly<Record<string, string>>): RequestStep[] {
  for (const name of LIST_VARIABLES) {
    const raw = variables[name];
    if (raw === undefined) continue;
    const values = raw.split(LIST_SPLIT).map((v) => v.trim()).filter(Boolean);
    const placeholder = new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, 'g');
    const uses = (t: string | null | undefined): boolean => t !== null && t !== undefined && new RegExp(placeholder.source).test(t);
    const used = uses(step.request.url) || uses(step.request.body) || step.request.headers.some(([, v]) => uses(v)) || step.assertions.some((a) => uses(a.value));
    if (!used || values.length < 2) continue;
    const seen = new Set<string>();
    return values.flatMap((value, k) => {
      const put = (t: string): string => t.replace(placeholder, () => value);
      let leaf = slugify(value) || String(k + 1);
      while (seen.has(leaf)) leaf = `${leaf}-${k + 1}`;
      seen.add(leaf);
      const copy: RequestStep = {
        ...step,
        id: `${step.id}/${leaf}`,
        title: `${step.title} (${value})`,
        request: {
          ...step.request,
          url: put(step.request.url),
          headers: step.request.headers.map(([h, v]) => [h, put(v)] as const),
          ...(step.request.body !== undefined ? { body: put(step.request.body) } : {}),
        },
        assertions: step.assertions.map((a) => (a.value === null ? a : { ...a, value: put(a.value) })),
      };
      return expandListVariables(copy, variables);
    });
  }
  return [step];
}

/**
 * Loads a Runscope export. Throws InvalidSuiteError listing every problem (bad JSON, schema
 * violations naming step and field, step types or features this runner refuses).
 */
export function loadRunscopeExport(text: string, options: RunscopeLoadOptions = {}): Suite {
  const data = parseJson(text);
  const validation = validateRunscopeExport(data);
  const problems: string[] = validation.ok ? [] : [...validation.problems];
  // With schema problems, the well-formed steps are still converted, so that one run of the
  // loader lists everything there is to fix.
  const doc = (validation.ok ? validation.value : data) as Partial<RunscopeExport> | null;
  const name = typeof doc?.name === 'string' ? doc.name : '';
  const rawSteps: readonly RunscopeStep[] = Array.isArray(doc?.steps) ? doc.steps : [];
  const wellFormed = (step: RunscopeStep, index: number): boolean => validation.ok || validateRunscopeStep(step, index).length === 0;

  const suiteId = slugify(name) || 'runscope-export';
  const refs = refsFor(name);
  const width = Math.max(2, String(rawSteps.length).length);
  const bounds = readBackBounds(rawSteps.filter(wellFormed));
  const steps: Step[] = [];

  rawSteps.forEach((raw, index) => {
    const place = { suiteId, index, width, refs };
    if (!wellFormed(raw, index)) return;
    if (isRequest(raw)) {
      const step = convertRequestStep(raw, place, problems);
      const boundMs = bounds.get(index);
      const withReadBack: RequestStep = boundMs !== undefined ? { ...step, readBack: { boundMs } } : step;
      steps.push(...expandListVariables(withReadBack, options.variables ?? {}));
    } else if (raw.step_type === 'pause') {
      if (raw.skipped) return;
      const pause: PauseStep = { kind: 'pause', id: `${suiteId}/${stepNumber(place)}-pause-${raw.duration}s`, seconds: raw.duration, sourceIndex: index + 1 };
      steps.push(pause);
    } else if ((UNSUPPORTED_STEP_TYPES as readonly string[]).includes(raw.step_type)) {
      problems.push(`${stepLabel(index, raw)}: step type ${JSON.stringify(raw.step_type)} is not supported: this runner runs a test as one linear list of request and pause steps, so condition, loop, subtest, Ghost Inspector and inbound-request steps are refused (Okta's exports use none); remove the step, or run this test on BlazeMeter`);
    }
  });

  if (problems.length) {
    const stepNumber = (p: string): number => Number(/^step (\d+)/.exec(p)?.[1] ?? 0);
    throw new InvalidSuiteError([...problems].sort((a, b) => stepNumber(a) - stepNumber(b)), { what: WHAT, ...(options.path ? { path: options.path } : {}) });
  }

  const initialScript: Script | undefined = options.initialScript !== undefined && options.initialScript.trim() !== ''
    ? { code: options.initialScript, origin: options.initialScriptPath ?? 'initial script' }
    : undefined;

  return {
    id: suiteId,
    name,
    description: doc?.description ?? '',
    source: {
      format: 'runscope',
      ...(options.path ? { path: options.path } : {}),
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    },
    inputs: runscopeInputs(steps, { ...(initialScript ? { initialScript } : {}), listVariables: LIST_VARIABLES }),
    ...(initialScript ? { initial: { kind: 'script' as const, script: initialScript } } : {}),
    steps,
    // Runscope has no cleanup; Okta's CRUD test deliberately leaves its Okta user (§3.1).
    cleanup: [],
  };
}
