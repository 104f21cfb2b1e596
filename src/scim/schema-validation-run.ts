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
  readonly target: TargetSchemas;
  /** `suiteId|rule|path` → id of the step that reported it. */
  readonly reported: Map<string, string>;
  /** The target's /Schemas and /ResourceTypes, read once before the run's first resource write. */
  discovery?: Promise<void>;
}

const RUNS = new WeakMap<object, RunState>();

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

/** The SCIM base URL (of the run's SCIMBaseURL and SCIMUrl) that `url` is under, the base's query aside. */
function scimBaseOf(url: string, bases: readonly (string | undefined)[]): string | undefined {
  for (const b of bases) {
    if (b === undefined || b === '') continue;
    const query = b.indexOf('?');
    if (url.startsWith(query < 0 ? b : b.slice(0, query))) return b;
  }
  return undefined;
}

/** True when the request asked for a projection (RFC7644-3.9): required attributes may be left out. */
function projected(url: string): boolean {
  const q = url.indexOf('?');
  return q >= 0 && /(^|&)(attributes|excludedattributes)=/.test(url.slice(q + 1).toLowerCase());
}

/**
 * Findings are `required` in our native suites. In a Runscope export (Okta's own tests, run
 * unmodified) they are `recommended`: every response is still validated and each finding shown,
 * but an export keeps its own pass/fail (a warning, and never part of Runscope's verdict).
 */
const levelFor = (format: SchemaCheckInput['suiteFormat']): Level => (format === 'native' ? 'required' : 'recommended');

/** The checks for one response (empty when it is not a SCIM response). */
export function schemaChecks(input: SchemaCheckInput): AssertionResult[] {
  if (scimBaseOf(input.url, input.scimBases) === undefined || input.json === undefined) return [];
  const level = levelFor(input.suiteFormat);
  const state = stateOf(input.run);
  const findings = validateScimResponse({ status: input.status, json: input.json, projected: projected(input.url) }, state.target);
  // Learn the target's schemas after judging this answer (a /Schemas answer is checked as schema definitions).
  if (input.status === 200) {
    const q = input.url.indexOf('?');
    const path = q < 0 ? input.url : input.url.slice(0, q);
    if (/\/Schemas(\/[^/]+)?$/i.test(path)) state.target.learn(input.json);
    if (/\/ResourceTypes$/i.test(path)) state.target.learnResourceTypes(input.json);
  }
  if (findings.length === 0) return [];
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
  const base = scimBaseOf(request.url, ctx.scimBases);
  if (base === undefined) return request;
  const parsed = parseBoundedJson(request.body);
  if (!parsed.ok || !isJsonObject(parsed.value)) return request;
  const body = parsed.value;
  const state = stateOf(ctx.run);
  const root = base.split('?')[0] ?? base;
  const query = base.includes('?') ? `?${base.split('?').slice(1).join('?')}` : '';
  state.discovery ??= (async () => {
    for (const path of ['/Schemas', '/ResourceTypes']) {
      if (path === '/Schemas' && state.target.size > 0) continue;
      if (path === '/ResourceTypes' && state.target.resourceTypes.length > 0) continue;
      const answer = await ctx.get(`${root}${path}${query}`, request.headers.filter(([n]) => n.toLowerCase() !== 'content-type'));
      if (answer === undefined || answer.status !== 200) continue;
      const json = parseSharedJson(answer.text);
      if (!json.ok) continue;
      if (path === '/Schemas') state.target.learn(json.value);
      else state.target.learnResourceTypes(json.value);
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
