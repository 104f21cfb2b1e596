/**
 * Results: immutable records, separate from definitions (DESIGN.md core decision 1).
 */
import type { Assertion, Client, ComparisonName, SourceName, SuiteSource } from './suite.js';
import type { Counts, Level, Verdict } from './verdict.js';
import type { SpecRef } from './spec-ref.js';

/** Text capped at a byte limit; `truncatedBytes` > 0 says how much was cut. */
export interface CappedText {
  readonly text: string;
  readonly truncatedBytes: number;
}

export type HeaderList = readonly (readonly [name: string, value: string])[];

/** One HTTP request/response pair, redacted at the source. */
export interface HttpExchange {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: HeaderList;
    readonly body?: CappedText;
  };
  readonly response?: {
    readonly status: number;
    readonly headers: HeaderList;
    readonly body: CappedText;
    readonly sizeBytes: number;
  };
  readonly timing: { readonly totalMs: number };
  readonly transportError?: { readonly code: string; readonly message: string };
}

export interface AssertionResult {
  /** Human label: `response_json Resources[0].id not_empty`. */
  readonly title: string;
  /** `schema`: a finding of the response's validation against RFC 7643 and the target's /Schemas. */
  readonly source: SourceName | 'verify' | 'script' | 'schema';
  readonly property?: string;
  readonly comparison?: ComparisonName;
  readonly level: Level;
  readonly verdict: 'pass' | 'warn' | 'fail' | 'error';
  /** Rendered expected value (null for value-less comparisons). */
  readonly expected: string | null;
  /** The actual value, or `{ missing: true }`. */
  readonly actual: unknown;
  readonly message?: string;
}

export interface ExtractionResult {
  readonly name: string;
  readonly ok: boolean;
  readonly value?: string;
  readonly message?: string;
}

export interface ScriptResult {
  readonly origin: string;
  readonly ok: boolean;
  readonly logs: readonly string[];
  readonly error?: string;
}

export interface StepResult {
  readonly kind: 'request' | 'pause';
  readonly stepId: string;
  readonly title: string;
  readonly requirement?: string;
  readonly fix?: string;
  readonly level: Level;
  readonly refs: readonly SpecRef[];
  readonly verdict: Verdict;
  /** Required when verdict is skip, n/a or error; a one-line summary on fail/warn. */
  readonly reason?: string;
  readonly exchange?: HttpExchange;
  /** Attempts made (read-back steps retry until they hold). */
  readonly attempts: number;
  readonly assertions: readonly AssertionResult[];
  readonly extractions: readonly ExtractionResult[];
  readonly scripts: readonly ScriptResult[];
  readonly pausedMs: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Runscope's view of this step: pass only if every assertion, script and extraction passed. */
  readonly runscopeVerdict: 'pass' | 'fail' | 'skip';
  readonly sourceIndex?: number;
  /** Whose rule the step checks (okta, entra, rfc, interop); absent for Runscope exports. */
  readonly client?: Client;
}

export interface CleanupResult {
  readonly title: string;
  readonly ok: boolean;
  readonly status?: number;
  readonly message?: string;
}

export interface SuiteResult {
  readonly suiteId: string;
  readonly name: string;
  readonly source: SuiteSource;
  readonly verdict: Verdict;
  readonly runscopeVerdict: 'pass' | 'fail';
  readonly counts: Counts;
  readonly steps: readonly StepResult[];
  /** What the run created (e.g. "SCIM user 2819c223…") and what cleanup did about it. */
  readonly cleanup: readonly CleanupResult[];
  /** SCIM requests the Okta org emulator sent to the target during this suite (redacted). */
  readonly provisioning?: readonly HttpExchange[];
}

/** Echo of a declared assertion as a readable label. */
export function assertionTitle(a: Assertion): string {
  // Joined part by part, not through an array, a filter and a join: every assertion of every
  // step is titled (issue 10 item 3).
  return withPart(withPart(withPart(withPart('', a.source), a.property), a.comparison), a.value === null ? undefined : JSON.stringify(a.value));
}

/** `title` and ` part` after it, unless the part is absent or empty. */
function withPart(title: string, part: string | undefined): string {
  if (part === undefined || part === '') return title;
  return title === '' ? part : `${title} ${part}`;
}
