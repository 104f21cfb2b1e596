/**
 * Schema validation as a run sees it (issue 9 item 2): every SCIM response of every suite's
 * steps — native suites and Runscope exports — is validated (src/scim/schema-validation.ts) and
 * each finding becomes its own check on the step — source `schema`, the attribute path and the
 * rule in its title, level `required` in native suites and `recommended` in exports. The engine calls {@link schemaChecks} from one place (run-step.ts), after it has
 * judged whether a read-back settled: a schema finding does not change by waiting, so it is never
 * retried for, and it is not part of Runscope's verdict.
 *
 * Per run (keyed by an object the engine keeps for one run): the target's /Schemas, learned from
 * the /Schemas answers the run's steps receive (no extra request is sent, so until a suite reads
 * /Schemas — rfc7644 and entra do — responses are checked against the RFC schemas only), with
 * their validators compiled once; and which findings were reported: a finding (rule + attribute
 * path, array positions aside) is reported once per suite, on the first step whose response
 * shows it, so one defect reads as one failed check, not forty.
 */
import type { AssertionResult } from '../model/result.js';
import type { Level } from '../model/verdict.js';
import { failureVerdict } from '../model/verdict.js';
import type { JsonObject } from './json-value.js';
import { isJsonObject } from './json-value.js';
import { parseBoundedJson, parseSharedJson } from '../http/bounded-json.js';
import { completePayload } from './schema-payload.js';
import { TargetSchemas, validateScimResponse, type SchemaFinding } from './schema-validation.js';
import { findSchema, RESOURCE_SCHEMAS } from './schemas.js';

/** At most this many findings are listed on one step; the rest are counted in one more check. */
export const MAX_FINDINGS_PER_STEP = 20;

interface RunState {
  target: TargetSchemas;
  /** `target` is a {@link LearnedTarget}'s, shared with other runs: copied before this run learns more. */
  shared?: LearnedTarget;
  /** `suiteId|rule|path` → id of the step that reported it. */
  readonly reported: Map<string, string>;
  /** The target's /Schemas and /ResourceTypes, read once before the run's first resource write. */
  discovery?: Promise<void>;
}

const RUNS = new WeakMap<object, RunState>();

/**
 * What discovery learned from a target's /Schemas and /ResourceTypes answers, kept for the next
 * run that reads the very same texts (issue 10 item 3): learning and building the validators of
 * a target's schemas is the same work every run against the same server, a fifth of the engine's
 * own time in an okta-spec run. A run uses the kept TargetSchemas until it learns more (a step
 * reading /Schemas), then a copy of its own (see {@link ownTarget}).
 */
interface LearnedTarget {
  /** The answers' texts, in the order read. */
  readonly texts: readonly string[];
  readonly target: TargetSchemas;
  readonly learned: readonly (readonly [path: '/Schemas' | '/ResourceTypes', json: unknown])[];
}

const LEARNED_TARGETS = new Map<string, LearnedTarget>();
const LEARNED_TARGETS_KEPT = 8;
/** Answers longer than this together are learned for their run only (a real /Schemas is 10–100 KB). */
const LEARNED_TEXT_CHARS = 1024 * 1024;

/** The run's target, its own: a shared one is replaced by a copy learned the same way. */
function ownTarget(state: RunState): TargetSchemas {
  if (state.shared !== undefined) {
    const copy = new TargetSchemas();
    for (const [path, json] of state.shared.learned) learnAnswer(copy, path, json);
    state.target = copy;
    state.shared = undefined;
  }
  return state.target;
}

function learnAnswer(target: TargetSchemas, path: '/Schemas' | '/ResourceTypes', json: unknown): void {
  if (path === '/Schemas') target.learn(json);
  else target.learnResourceTypes(json);
}

function stateOf(run: object): RunState {
  let state = RUNS.get(run);
  if (state === undefined) {
    state = { target: new TargetSchemas(), reported: new Map() };
    RUNS.set(run, state);
  }
  return state;
}

/** What the engine knows of one answered request. */
export interface SchemaCheckInput {
  /** One object per run (the engine's per-run TargetHealth). */
  readonly run: object;
  readonly suiteId: string;
  readonly suiteFormat: 'native' | 'runscope';
  readonly stepId: string;
  /** The request URL as sent. */
  readonly url: string;
  /** The SCIM base URLs of the run (SCIMBaseURL, SCIMUrl): only their responses are SCIM. */
  readonly scimBases: readonly (string | undefined)[];
  readonly status: number;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly strict: boolean;
}

/** Whether `url` is under one of the SCIM base URLs (query of the base aside). */
function isScimUrl(url: string, bases: readonly (string | undefined)[]): boolean {
  return bases.some((b) => b !== undefined && b !== '' && url.startsWith(b.split('?')[0] ?? b));
}

/** True when the request asked for a projection (RFC7644-3.9): required attributes may be left out. */
function projected(url: string): boolean {
  if (!url.includes('?')) return false;
  const query = url.split('?').slice(1).join('?').toLowerCase();
  return /(^|&)(attributes|excludedattributes)=/.test(query);
}

/**
 * Findings are `required` in our native suites. In a Runscope export (Okta's own tests, run
 * unmodified) they are `recommended`: every response is still validated and each finding shown,
 * but an export keeps its own pass/fail (a warning, and never part of Runscope's verdict).
 */
const levelFor = (format: SchemaCheckInput['suiteFormat']): Level => (format === 'native' ? 'required' : 'recommended');

/** The checks for one response (empty when it is not a SCIM response). */
export function schemaChecks(input: SchemaCheckInput): AssertionResult[] {
  if (!isScimUrl(input.url, input.scimBases) || input.json === undefined) return [];
  const level = levelFor(input.suiteFormat);
  const state = stateOf(input.run);
  const findings = validateScimResponse({ status: input.status, json: input.json, projected: projected(input.url) }, state.target);
  // Learn the target's schemas after judging this answer (a /Schemas answer is checked as schema definitions).
  const path = input.url.split('?')[0] ?? input.url;
  if (input.status === 200 && /\/Schemas(\/[^/]+)?$/i.test(path)) ownTarget(state).learn(input.json);
  if (input.status === 200 && /\/ResourceTypes$/i.test(path)) ownTarget(state).learnResourceTypes(input.json);
  const fresh = findings.filter((f) => {
    // The same attribute in a list's Resources and in a single resource is one finding.
    const key = `${input.suiteId}|${f.rule}|${f.path.replace(/^Resources\[\d+\]\.?/, '').replace(/\[\d+\]/g, '[]')}|${f.source}`;
    const first = state.reported.get(key);
    if (first === undefined) state.reported.set(key, input.stepId);
    return first === undefined || first === input.stepId;
  });
  const verdict = failureVerdict(level, input.strict);
  const checks = fresh.slice(0, MAX_FINDINGS_PER_STEP).map((f) => toCheck(f, level, verdict));
  if (fresh.length > MAX_FINDINGS_PER_STEP) {
    const rest = fresh.length - MAX_FINDINGS_PER_STEP;
    checks.push({
      title: `schema: ${rest} more finding(s) in this response`, source: 'schema', level, verdict,
      expected: 'no schema findings', actual: fresh.slice(MAX_FINDINGS_PER_STEP).map((f) => `${f.path} (${f.rule})`),
      message: `${rest} more schema finding(s), not listed one by one`,
    });
  }
  return checks;
}

function toCheck(f: SchemaFinding, level: Level, verdict: 'fail' | 'warn'): AssertionResult {
  const whose = f.source === 'target' ? 'the server\'s own /Schemas' : 'the RFC 7643 schema';
  return {
    title: `schema: ${f.path} must be ${f.expected} — ${f.rule} (${whose})`,
    source: 'schema',
    property: f.path,
    level,
    verdict,
    expected: f.expected,
    actual: f.actual,
    message: `${f.path}: expected ${f.expected} (${f.rule}, ${whose})`,
  };
}

/** A rendered request, as the engine holds it. */
export interface ScimRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** What {@link completeScimRequest} needs besides the request. */
export interface PayloadContext {
  readonly run: object;
  readonly suiteFormat: 'native' | 'runscope';
  readonly scimBases: readonly (string | undefined)[];
  /** `--user-template`: User attribute values only the vendor knows. */
  readonly userTemplate?: JsonObject;
  /** A unique token for generated values. */
  readonly token: string;
  /** Fill every writable attribute the target defines (RequestStep.schemaPayload 'all'). */
  readonly fillAll?: boolean;
  /** GET with the request's own headers; undefined when there was no answer. */
  readonly get: (url: string, headers: ScimRequest['headers']) => Promise<{ readonly status: number; readonly text: string } | undefined>;
}

/**
 * Whether {@link completeScimRequest} may change `request` at all: a native suite's POST or PUT
 * with a body. The engine asks first, so other steps do not build its context (issue 10 item 3).
 */
export function mayCompleteScimRequest<R extends ScimRequest>(request: R, suiteFormat: PayloadContext['suiteFormat']): request is R & { readonly body: string } {
  return suiteFormat === 'native' && request.body !== undefined && /^(post|put)$/i.test(request.method);
}

/**
 * A native suite's POST or PUT of a resource, completed from the target's /Schemas and the user
 * template (src/scim/schema-payload.ts). Before the run's first such write, the target's
 * /Schemas and /ResourceTypes are read once (with the step's own headers) unless a step read
 * them already. Attributes the RFC itself makes required (userName, displayName) are left as the
 * step wrote them: a step may leave one out on purpose (a 400 check). Everything else is sent
 * unchanged: other methods, bodies that are not JSON objects, bodies without the resource
 * type's core schema in `schemas` (deliberately malformed ones).
 */
export async function completeScimRequest<R extends ScimRequest>(request: R, ctx: PayloadContext): Promise<R> {
  if (!mayCompleteScimRequest(request, ctx.suiteFormat)) return request;
  const method = request.method.toUpperCase();
  const base = ctx.scimBases.find((b): b is string => b !== undefined && b !== '' && request.url.startsWith(b.split('?')[0] ?? b));
  if (base === undefined) return request;
  const parsed = parseBoundedJson(request.body);
  if (!parsed.ok || !isJsonObject(parsed.value)) return request;
  const body = parsed.value;
  const state = stateOf(ctx.run);
  const root = base.split('?')[0] ?? base;
  const query = base.includes('?') ? `?${base.split('?').slice(1).join('?')}` : '';
  state.discovery ??= (async () => {
    const answers: [path: '/Schemas' | '/ResourceTypes', text: string][] = [];
    for (const path of ['/Schemas', '/ResourceTypes'] as const) {
      if (path === '/Schemas' && state.target.size > 0) continue;
      if (path === '/ResourceTypes' && state.target.resourceTypes.length > 0) continue;
      const answer = await ctx.get(`${root}${path}${query}`, request.headers.filter(([n]) => n.toLowerCase() !== 'content-type'));
      if (answer === undefined || answer.status !== 200) continue;
      answers.push([path, answer.text]);
    }
    // From a target nothing was learned into yet, what the same texts taught another run is taken
    // as it is, unparsed (see LearnedTarget); keyed by a fingerprint of the texts, then compared
    // (hashing 20 KB of /Schemas costs more than comparing it).
    const pristine = state.target.size === 0 && state.target.resourceTypes.length === 0 && state.shared === undefined;
    // Only answers of a sensible size are kept: a server answering 10^6 elements to every request
    // must not have them held for the next run (issue 14).
    const keepable = answers.length > 0 && answers.reduce((n, [, text]) => n + text.length, 0) <= LEARNED_TEXT_CHARS;
    const key = pristine && keepable ? answers.map(([path, text]) => `${path}|${text.length}|${text.slice(0, 64)}|${text.slice(-64)}`).join('\n') : undefined;
    const found = key === undefined ? undefined : LEARNED_TARGETS.get(key);
    if (found !== undefined && found.texts.length === answers.length && found.texts.every((t, i) => t === answers[i]![1])) {
      state.target = found.target;
      state.shared = found;
      return;
    }
    // Learned in the order read; a text that is not JSON teaches nothing.
    const learned: [path: '/Schemas' | '/ResourceTypes', json: unknown][] = [];
    for (const [path, text] of answers) {
      const json = parseSharedJson(text);
      if (json.ok) learned.push([path, json.value]);
    }
    const target = ownTarget(state);
    for (const [path, json] of learned) learnAnswer(target, path, json);
    if (key !== undefined) {
      if (LEARNED_TARGETS.size >= LEARNED_TARGETS_KEPT) LEARNED_TARGETS.delete(LEARNED_TARGETS.keys().next().value!);
      const kept: LearnedTarget = { texts: answers.map(([, text]) => text), target, learned };
      LEARNED_TARGETS.set(key, kept);
      state.shared = kept;
    }
  })();
  await state.discovery;
  const path = (request.url.split('?')[0] ?? request.url).slice(root.length);
  const type = state.target.resourceTypes.find((t) => path.toLowerCase() === t.endpoint.toLowerCase()
    || (method === 'PUT' && path.toLowerCase().startsWith(`${t.endpoint.toLowerCase()}/`)));
  const rfcCore = type === undefined ? undefined : findSchema(type.schema, RESOURCE_SCHEMAS);
  const core = type === undefined ? undefined : state.target.find(type.schema) ?? rfcCore;
  if (type === undefined || core === undefined) return request;
  const listed = Array.isArray(body['schemas']) ? body['schemas'].map((u) => String(u).toLowerCase()) : [];
  if (!listed.includes(core.id.toLowerCase())) return request;
  // The RFC's own required attributes stay as the step wrote them.
  const rfcRequired = new Set((rfcCore?.attributes ?? []).filter((a) => a.required).map((a) => a.name.toLowerCase()));
  const coreForFill = { ...core, attributes: core.attributes.filter((a) => !rfcRequired.has(a.name.toLowerCase())) };
  const extensions = type.schemaExtensions.map((e) => state.target.find(e.schema)).filter((e) => e !== undefined);
  const isUser = core.id.toLowerCase() === 'urn:ietf:params:scim:schemas:core:2.0:user';
  const completed = completePayload(body, coreForFill, extensions, {
    ...(isUser && ctx.userTemplate !== undefined ? { template: ctx.userTemplate } : {}),
    ...(ctx.fillAll === true ? { fillAll: true } : {}),
    requiredExtensions: type.schemaExtensions.filter((e) => e.required).map((e) => e.schema),
    token: ctx.token,
  });
  if (completed.added.length === 0) return request;
  return { ...request, body: JSON.stringify(completed.body, null, 2) };
}
