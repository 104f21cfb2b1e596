/**
 * Building blocks shared by the `rfc7644` and `entra` suites: SCIM headers, assertion
 * constructors, checks (`Probe`s) for what a declarative assertion cannot express, gates,
 * a step builder, cleanup actions and random test data.
 */
import { evaluateAssertion } from '../src/assert/evaluate.js';
import { readPath } from '../src/assert/json-path.js';
import { viewResponse } from '../src/assert/response-view.js';
import { stringForm } from '../src/assert/convert.js';
import { renderTemplate } from '../src/engine/template.js';
import type {
  Assertion, ReadBack, Check, CleanupAction, Extraction, Feature, HttpMethod, RequestStep, RequestTemplate, Script, Template,
  VerifyContext, VerifyFunction,
} from '../src/model/suite.js';
import type { SpecRef } from '../src/model/spec-ref.js';
import type { Level } from '../src/model/verdict.js';

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

type Headers = RequestTemplate['headers'];

/** Headers of every request: the SCIM media type (RFC7644-3.8) and the user's credential. */
export const SCIM_HEADERS: Headers = [
  ['Accept', 'application/scim+json'],
  ['Authorization', '{{auth}}'],
];
/** SCIM_HEADERS plus the request body's media type (RFC7644-3.1). */
export const SCIM_BODY_HEADERS: Headers = [...SCIM_HEADERS, ['Content-Type', 'application/scim+json; charset=utf-8']];

/** Runscope-style assertion constructors. */
export const status = (code: number, level?: Level): Assertion => ({
  source: 'response_status', comparison: 'equal_number', value: String(code), ...(level ? { level } : {}),
});
export const json = (property: string, comparison: Assertion['comparison'], value: string | null = null, level?: Level): Assertion => ({
  source: 'response_json', property, comparison, value, ...(level ? { level } : {}),
});
export const header = (name: string, comparison: Assertion['comparison'], value: string | null = null, level?: Level): Assertion => ({
  source: 'response_headers', property: name, comparison, value, ...(level ? { level } : {}),
});
/** The assertions of a SCIM Error response with HTTP status `code` (RFC7644-3.12). */
export const scimError = (code: number, level?: Level): Assertion[] => [
  status(code, level),
  json('schemas', 'has_value', ERROR_URN, level),
  json('status', 'equal', String(code), level),
];

/** A check made in a `verify` function; it may yield several results or none. */
export type Probe = (ctx: VerifyContext) => readonly Check[];

/**
 * RFC7644-3.12: an Error's "status" is "The HTTP status code. This is expressed as a JSON
 * string. REQUIRED." — `404` as a JSON number is not (the `equal` assertion of {@link scimError}
 * compares string forms and lets it pass, as Okta's own Runscope assertions do). The RFC suites
 * judge the JSON type with this check.
 */
export const errorStatusString = (code: number, level?: Level): Probe => (ctx) => {
  const found = at(ctx, 'status');
  return [{
    title: `"status" is the JSON string "${code}"`, ok: found.found && found.value === String(code),
    expected: JSON.stringify(String(code)), actual: shown(found), ...(level ? { level } : {}),
  }];
};

/** The declarative part of a SCIM Error with HTTP status `code` (status code, Error URN); pair it with {@link errorStatusString}. */
export const scimErrorEnvelope = (code: number, level?: Level): Assertion[] => [
  status(code, level),
  json('schemas', 'has_value', ERROR_URN, level),
];

type Found = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly why: string };

/** The value at a JSON path of the response body, or why there is none. */
export function at(ctx: VerifyContext, path: string): Found {
  if (ctx.json === undefined) return { found: false, why: 'the body is not JSON' };
  const actual = readPath(ctx.json, path);
  return actual.kind === 'value' ? { found: true, value: actual.value } : { found: false, why: actual.why };
}

/** An actual value for a Check: the value, or `{ missing: why }`. */
export const shown = (f: Found): unknown => (f.found ? f.value : { missing: f.why });

function render(template: string, ctx: VerifyContext): { text: string; missing: readonly string[] } {
  const r = renderTemplate(template, (name) => ctx.vars(name));
  return { text: r.text, missing: r.missing };
}

/** Status is one of `codes` (PATCH may answer 200 with the resource or 204, RFC7644-3.5.2). */
export const statusIn = (codes: readonly number[], level?: Level): Probe => (ctx) => [{
  title: `status is ${codes.join(' or ')}`, ok: codes.includes(ctx.status), expected: codes.join(' or '), actual: ctx.status,
  ...(level ? { level } : {}),
}];

/** The value at `path` is a JSON integer (not a numeric string). */
export const integerAt = (path: string, level?: Level): Probe => (ctx) => {
  const f = at(ctx, path);
  return [{
    title: `${path} is a JSON integer`, ok: f.found && typeof f.value === 'number' && Number.isInteger(f.value),
    expected: 'a JSON integer', actual: shown(f), ...(level ? { level } : {}),
  }];
};

/** The value at `path` is exactly this JSON value (booleans stay booleans: "False" is not false). */
export const valueAt = (path: string, expected: string | number | boolean | null, level?: Level): Probe => (ctx) => {
  const f = at(ctx, path);
  return [{
    title: `${path} is ${JSON.stringify(expected)}`, ok: f.found && f.value === expected,
    expected: JSON.stringify(expected), actual: shown(f), ...(level ? { level } : {}),
  }];
};

/** The string form at `path` equals the rendered template (Runscope `equal` semantics). */
export const equalAt = (path: string, template: Template, level?: Level): Probe => (ctx) => {
  const want = render(template, ctx);
  const f = at(ctx, path);
  return [{
    title: `${path} equals ${template}`, ok: want.missing.length === 0 && f.found && stringForm(f.value) === want.text,
    expected: want.missing.length ? `${template} (undefined: ${want.missing.join(', ')})` : want.text, actual: shown(f),
    ...(level ? { level } : {}),
  }];
};

/** `path` is unassigned: absent, null or an empty array (RFC7643-2.5). */
export const absentAt = (path: string, level?: Level): Probe => (ctx) => {
  const f = at(ctx, path);
  const ok = !f.found || f.value === null || (Array.isArray(f.value) && f.value.length === 0);
  return [{ title: `${path} is not returned`, ok, expected: 'absent (unassigned)', actual: shown(f), ...(level ? { level } : {}) }];
};

/** The multi-valued complex attribute at `path` does (or does not) hold an element whose `value` is the rendered template. */
export const holdsValue = (path: string, template: Template, wanted: boolean, level?: Level): Probe => (ctx) => {
  const want = render(template, ctx);
  const f = at(ctx, path);
  const items = f.found && Array.isArray(f.value) ? f.value : [];
  const has = items.some((item) => typeof item === 'object' && item !== null && stringForm((item as Record<string, unknown>)['value']) === want.text);
  return [{
    title: `${path} ${wanted ? 'holds' : 'does not hold'} value ${template}`,
    ok: want.missing.length === 0 && has === wanted,
    expected: `${wanted ? 'an element' : 'no element'} with value ${want.text}`, actual: shown(f), ...(level ? { level } : {}),
  }];
};

/** Only when the response has a JSON body (a PATCH answered 204 has none, RFC7644-3.5.2). */
export const whenBody = (...probes: readonly Probe[]): Probe => (ctx) =>
  ctx.status === 204 || ctx.json === undefined ? [] : probes.flatMap((p) => p(ctx));

/** Declarative assertions evaluated inside a `verify` function (so that a gate can turn them off). */
export function assertionProbe(assertions: readonly Assertion[], stepLevel: Level): Probe {
  return (ctx) => {
    if (assertions.length === 0) return [];
    const view = viewResponse({
      status: ctx.status,
      headers: Object.entries(ctx.headers),
      text: ctx.text,
      timeMs: 0,
      sizeBytes: Buffer.byteLength(ctx.text),
      truncatedBytes: 0,
    });
    return assertions.map((a) => {
      const wanted = a.value === null ? undefined : render(a.value, ctx);
      const result = evaluateAssertion(a, wanted?.text ?? null, view, { level: a.level ?? stepLevel, strict: false });
      const missing = wanted?.missing ?? [];
      return {
        title: result.title,
        ok: result.verdict === 'pass' && missing.length === 0,
        expected: missing.length ? `${a.value ?? ''} (undefined: ${missing.join(', ')})` : `${a.comparison} ${result.expected ?? ''}`.trim(),
        actual: result.actual,
        ...(a.level ? { level: a.level } : {}),
      };
    });
  };
}

/** Why a step does not apply to this server, or undefined when it does (or nobody knows). */
export type Gate = (ctx: VerifyContext) => string | undefined;

/** Not applicable when variable `name` is exactly "false" (set by a discovery step). */
export const variableGate = (name: string, reason: string): Gate => (ctx) => (ctx.vars(name) === 'false' ? reason : undefined);


/** What a suite author writes for one request step. */
export interface StepSpec {
  /** Behaviour name, appended to `<suite>/`. */
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  readonly fix: string;
  readonly level: Level;
  readonly refs: readonly SpecRef[];
  readonly method: HttpMethod;
  /** Relative to {{SCIMBaseURL}}. */
  readonly path: Template;
  /** A JSON value (stringified) or raw text. */
  readonly body?: unknown;
  readonly headers?: Headers;
  readonly assertions?: readonly Assertion[];
  readonly checks?: readonly Probe[];
  /** /ServiceProviderConfig features the step needs (the engine discovers them; unsupported → n/a). */
  readonly requires?: readonly Feature[];
  /** Other capabilities the step needs; when one says "not applicable", nothing is checked and the step is n/a. */
  readonly gates?: readonly Gate[];
  readonly extractions?: readonly Extraction[];
  readonly scripts?: readonly Script[];
  /**
   * Reads back an earlier write: retried until it holds (bounded), for eventually consistent
   * servers. `of`: the step (id without the suite prefix) whose write it reads back, when a write
   * meant to be refused lies in between; `settledBy: 'assertions'`: retried only while the
   * declared assertions fail, the `checks` judge the settled answer (see ReadBack).
   */
  readonly readBack?: boolean | { readonly of?: string; readonly settledBy?: 'assertions' };
}

/** The Runscope pause bound Okta uses between a write and its read-back (okta-spec). */
export const READ_BACK_MS = 5_000;

/** Builds request steps `<suiteId>/<behaviour>` from specs. */
export function stepBuilder(suiteId: string): (spec: StepSpec) => RequestStep {
  return (spec) => {
    const assertions = spec.assertions ?? [];
    const checks = spec.checks ?? [];
    const gates = spec.gates ?? [];
    let verify: VerifyFunction | undefined;
    if (gates.length > 0) {
      const declared = assertionProbe(assertions, spec.level);
      verify = (ctx) => {
        const reason = gates.map((g) => g(ctx)).find((r) => r !== undefined);
        if (reason !== undefined) {
          return [{ title: `not applicable: ${reason}`, ok: true, expected: 'the feature is offered', actual: reason, level: 'optional', notApplicable: true }];
        }
        return [...declared(ctx), ...checks.flatMap((p) => p(ctx))];
      };
    } else if (checks.length > 0) {
      verify = (ctx) => checks.flatMap((p) => p(ctx));
    }
    const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body, null, 2);
    return {
      kind: 'request',
      id: `${suiteId}/${spec.id}`,
      title: spec.title,
      requirement: spec.requirement,
      fix: spec.fix,
      level: spec.level,
      refs: spec.refs,
      request: {
        method: spec.method,
        url: `{{SCIMBaseURL}}${spec.path}`,
        headers: spec.headers ?? (body === undefined ? SCIM_HEADERS : SCIM_BODY_HEADERS),
        ...(body === undefined ? {} : { body }),
      },
      ...(spec.requires?.length ? { requires: spec.requires } : {}),
      extractions: spec.extractions ?? [],
      beforeScripts: [],
      scripts: spec.scripts ?? [],
      assertions: gates.length > 0 ? [] : assertions,
      ...(verify ? { verify } : {}),
      ...(spec.readBack !== undefined && spec.readBack !== false ? { readBack: readBackOf(suiteId, spec.readBack) } : {}),
    };
  };
}

function readBackOf(suiteId: string, spec: true | { readonly of?: string; readonly settledBy?: 'assertions' }): ReadBack {
  if (spec === true) return { boundMs: READ_BACK_MS };
  return {
    boundMs: READ_BACK_MS,
    ...(spec.of !== undefined ? { of: `${suiteId}/${spec.of}` } : {}),
    ...(spec.settledBy !== undefined ? { settledBy: spec.settledBy } : {}),
  };
}

/** A PATCH request body (RFC7644-3.5.2). */
export const patchOps = (...operations: readonly Record<string, unknown>[]): Record<string, unknown> => ({
  schemas: [PATCH_OP_URN],
  Operations: operations,
});

/** Cleanup: DELETE `path` when every variable in `needs` was set (a 404 counts as done). */
export const deleteAction = (title: Template, needs: readonly string[], path: Template): CleanupAction => ({
  title,
  needs,
  request: { method: 'DELETE', url: `{{SCIMBaseURL}}${path}`, headers: SCIM_HEADERS },
});

/** `n` random lower-case letters (letters only, so every collation orders them alike). */
export function randomLetters(random: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += 'abcdefghijklmnopqrstuvwxyz'.charAt(Math.floor(random() * 26));
  return out;
}

/** A syntactically plausible id that no server will have assigned. */
export function unknownId(random: () => number): string {
  return `00000000-0000-4000-8000-${randomLetters(random, 12)}`;
}

/**
 * A post-response script that sets `variable` to "true"/"false" from whether the ListResponse
 * lists a Resource with `field` equal to `value` (case-insensitive). It leaves the variable unset
 * when the body is not a ListResponse, so the gate stays open ("unknown" is not "unsupported").
 */
export function listedFlagScript(variable: string, field: string, values: readonly string[], origin: string): Script {
  const wanted = JSON.stringify(values.map((v) => v.toLowerCase()));
  return {
    origin,
    code: [
      'var list = null;',
      'try { list = (response.json !== undefined ? response.json : JSON.parse(response.body)).Resources; } catch (e) { list = null; }',
      'if (Array.isArray(list)) {',
      `  var wanted = ${wanted};`,
      `  var listed = list.some(function (r) { var v = r !== null && typeof r === 'object' ? r[${JSON.stringify(field)}] : undefined; return typeof v === 'string' && wanted.indexOf(v.toLowerCase()) >= 0; });`,
      `  variables.set(${JSON.stringify(variable)}, listed ? 'true' : 'false');`,
      '}',
    ].join('\n'),
  };
}
