/**
 * Suite definitions: immutable data (DESIGN.md core decision 1). Nothing is written onto a
 * suite or a step at run time; the same plan can run twice.
 */
import type { Level } from './verdict.js';
import type { SpecRef } from './spec-ref.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** `{{name}}` templates are plain strings; the engine renders them. */
export type Template = string;

/** A request to send, before rendering. Headers keep their order; duplicates allowed. */
export interface RequestTemplate {
  readonly method: HttpMethod;
  readonly url: Template;
  readonly headers: readonly (readonly [name: string, value: Template])[];
  /** Raw body text; bytes preserved (CRLF stays CRLF). */
  readonly body?: Template;
}

export type SourceName =
  | 'response_status'
  | 'response_json'
  | 'response_headers'
  | 'response_text'
  | 'response_time'
  | 'response_size';

export const SOURCE_NAMES: readonly SourceName[] = [
  'response_status', 'response_json', 'response_headers', 'response_text', 'response_time', 'response_size',
];

export type ComparisonName =
  | 'equal'
  | 'not_equal'
  | 'equal_number'
  | 'empty'
  | 'not_empty'
  | 'contains'
  | 'does_not_contain'
  | 'has_value'
  | 'has_key'
  | 'is_null'
  | 'is_a_number'
  | 'is_less_than'
  | 'is_less_than_or_equal'
  | 'is_greater_than'
  | 'is_greater_than_or_equal';

/** One declarative check, Runscope-shaped: source · property · comparison · value. */
export interface Assertion {
  readonly source: SourceName;
  /** JS-style path for response_json (`Resources[0].name.familyName`), header name for headers. */
  readonly property?: string;
  readonly comparison: ComparisonName;
  /** Expected value (a template); null for comparisons that take none. */
  readonly value: Template | null;
  /** Overrides the step's level (e.g. a response-time check is optional). */
  readonly level?: Level;
}

/** Stores a value from the response in a variable (Runscope "variables"). */
export interface Extraction {
  readonly name: string;
  readonly source: SourceName;
  readonly property: string;
  /**
   * Nothing to extract is normal (e.g. the id of a duplicate a correct server refuses to
   * create, kept only so cleanup can delete it): not a failure, not in Runscope's verdict.
   */
  readonly optional?: boolean;
}

/** JavaScript run in the script sandbox (Runscope script API). */
export interface Script {
  readonly code: string;
  /** Where it came from, for messages ("step 19 post-response script"). */
  readonly origin: string;
}

/** What a `verify` function sees of an exchange. */
export interface VerifyContext {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly vars: (name: string) => string | undefined;
}

/** The outcome of one check made by a `verify` function. */
export interface Check {
  readonly title: string;
  readonly ok: boolean;
  readonly expected: string;
  readonly actual: unknown;
  readonly level?: Level;
  /**
   * The step does not apply to this server (a capability an earlier step found missing): the
   * step's verdict is `n/a` with this check's `actual` as the reason, whatever else was checked.
   */
  readonly notApplicable?: boolean;
}

/** For checks a declarative assertion cannot express. Pure; must not throw (a throw is `error`). */
export type VerifyFunction = (ctx: VerifyContext) => readonly Check[];

/**
 * A step that reads back what an earlier step (or Okta) wrote: with pauses skipped it is
 * retried until it holds or the pause bound passes (eventually consistent servers still pass).
 * It is not retried when the write it reads back was refused (a non-2xx answer, a transport
 * error, or the write could not run): nothing the server refused is going to appear.
 */
export interface ReadBack {
  readonly boundMs: number;
  /**
   * Id of the step whose write this reads back; by default the nearest request step before it
   * whose method is not GET or HEAD. Name it when a write that is meant to be refused (a
   * duplicate, a malformed body) lies in between.
   */
  readonly of?: string;
  /**
   * `assertions`: retry only while the step's declared assertions fail (the data is not visible
   * yet); its `verify` checks judge the settled answer once, without retries. Default `all`.
   */
  readonly settledBy?: 'all' | 'assertions';
}

/**
 * A bounded burst: the rendered request is sent `requests` times, started at most
 * `ratePerSecond` per second with at most `concurrency` in flight, and then stops. The step is
 * judged on the first answer that was not 2xx (else the last one); the engine sets the
 * variables `burst.requestsPerSecond` (completed requests per second over the whole burst),
 * `burst.sent`, `burst.notOk` (answers that were not 2xx, or no answer) and `burst.statuses`
 * (JSON: status → count) for the step's `verify` checks.
 */
export interface Burst {
  readonly requests: number;
  readonly ratePerSecond: number;
  readonly concurrency: number;
}

export interface RequestStep {
  readonly kind: 'request';
  /** Stable, path-like, unique in the suite (DESIGN.md core decision 7). */
  readonly id: string;
  /** What we do (Runscope note). */
  readonly title: string;
  /** What the spec demands, in its words. */
  readonly requirement: string;
  /** How to fix a failure. */
  readonly fix: string;
  readonly level: Level;
  readonly refs: readonly SpecRef[];
  /** SCIM features (from /ServiceProviderConfig) that must be supported, else n/a. */
  readonly requires?: readonly Feature[];
  readonly request: RequestTemplate;
  readonly extractions: readonly Extraction[];
  readonly beforeScripts: readonly Script[];
  readonly scripts: readonly Script[];
  readonly assertions: readonly Assertion[];
  readonly verify?: VerifyFunction;
  readonly readBack?: ReadBack;
  /** Send the request several times as a bounded burst (a throughput check), see Burst. */
  readonly burst?: Burst;
  /** Whose rule this step checks, when it differs from its suite's `client`. */
  readonly client?: Client;
  /**
   * `all`: the engine fills every writable attribute the target's /Schemas defines (core,
   * extensions, custom) into this POST/PUT body and records what it sent in the variable
   * `schemaPayloadSent` (src/scim/schema-payload.ts). Bodies are otherwise completed only with
   * what the target requires.
   */
  readonly schemaPayload?: 'all';
  /**
   * Never run: reported as `skip` with this reason (a Runscope step marked `skipped: true` in
   * the export). Runscope does not count such a step against the run either.
   */
  readonly skip?: string;
  /** Position in a Runscope export (1-based), when it came from one. */
  readonly sourceIndex?: number;
}

export interface PauseStep {
  readonly kind: 'pause';
  readonly id: string;
  readonly seconds: number;
  readonly sourceIndex?: number;
}

export type Step = RequestStep | PauseStep;

export type Feature = 'patch' | 'bulk' | 'filter' | 'changePassword' | 'sort' | 'etag';

/**
 * Whose rule a check enforces: Okta's, Entra's, the RFCs' (every client relies on them) or the
 * SCIM interoperability profile draft's. A rule only one client requires is checked in that
 * client's suite, so it never fails a server built for another client (src/suite/profiles.ts).
 */
export type Client = 'okta' | 'entra' | 'rfc' | 'interop';

/** Every client, in the order reports list them. */
export const CLIENTS: readonly Client[] = ['okta', 'entra', 'rfc', 'interop'];

/** A variable the user must (or may) supply. */
export interface SuiteInput {
  readonly name: string;
  readonly description: string;
  readonly secret?: boolean;
  readonly optional?: boolean;
}

/** Random test data: a Runscope initial script, or a native generator. */
export type InitialData =
  | { readonly kind: 'script'; readonly script: Script }
  | { readonly kind: 'generate'; readonly generate: (random: () => number) => Readonly<Record<string, string>> };

/** Undo of something the suite created; runs at the end, also after a failure or Ctrl-C. */
export interface CleanupAction {
  readonly title: Template;
  /** Variables that must be set for the action to apply (what was created). */
  readonly needs: readonly string[];
  /** The undo request; absent when the resource is deliberately left (the title says why). */
  readonly request?: RequestTemplate;
}

export interface SuiteSource {
  readonly format: 'native' | 'runscope';
  readonly path?: string;
  readonly sha256?: string;
}

export interface Suite {
  /** Stable id: `okta-spec`, `rfc7644/filter` … */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly source: SuiteSource;
  readonly inputs: readonly SuiteInput[];
  readonly initial?: InitialData;
  readonly steps: readonly Step[];
  readonly cleanup: readonly CleanupAction[];
  /** Variables whose values are secrets besides secret inputs (test passwords…). */
  readonly secretVariables?: readonly string[];
  /** Whose rules the suite checks (a step may say otherwise); absent for Runscope exports and setup suites. */
  readonly client?: Client;
}

/** Whose rule a request step checks: its own `client`, else its suite's. */
export function stepClient(step: RequestStep, suite: Suite): Client | undefined {
  return step.client ?? suite.client;
}

/** `{ client }` for a step's result, or nothing when no client is known (spread into a StepResult). */
export function clientOf(step: RequestStep, suite: Suite): { readonly client?: Client } {
  const client = stepClient(step, suite);
  return client === undefined ? {} : { client };
}
