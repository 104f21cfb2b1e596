/**
 * The one canonical report (DESIGN.md core decision 2). Everything a user sees is a rendering
 * of it. Versioned by `formatVersion`; validated against report/report-schema.ts before writing.
 */
import type { HttpExchange, SuiteResult } from './result.js';
import type { Counts, Verdict } from './verdict.js';

export const REPORT_FORMAT_VERSION = 1 as const;

export type PauseMode = 'keep' | 'skip';

/** Options recorded in the report (never secrets). */
export interface RunOptions {
  readonly pauses: PauseMode;
  readonly strict: boolean;
  readonly grep: readonly string[];
  readonly queryEncoding: 'percent' | 'plus';
  readonly timeoutMs: number;
  readonly seedUser: boolean;
  readonly keepTestData: boolean;
  /** `--max-duration`: the run's time budget in ms (absent in reports written before it existed). */
  readonly maxDurationMs?: number;
  /** `--settle MS`: direct read-backs were retried for up to this long instead of judged at once. */
  readonly settleMs?: number;
}

export interface RunMetadata {
  readonly runId: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly node: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly target: {
    readonly scimUrl?: string;
    readonly oktaOrgUrl?: string;
    /** `real` (an Okta org via API token), `emulator` (built in), or absent when unused. */
    readonly okta?: 'real' | 'emulator';
  };
  readonly suites: readonly string[];
  readonly options: RunOptions;
  readonly features: Readonly<Record<string, 'supported' | 'unsupported' | 'unknown'>>;
  /** How the SCIM target was authenticated, when with OAuth (absent otherwise and in older reports). */
  readonly auth?: RunAuth;
}

/** Why the runner asked the token endpoint for a token. */
export type TokenExchangeCause = 'first-token' | 'expired' | 'rejected' | 'check';

/**
 * One request to the OAuth token endpoint (RFC 6749 §4.4 or §6), redacted at the source: the
 * client secret, the Basic credentials, refresh tokens and every access token read `‹redacted›`.
 */
export interface TokenExchangeRecord {
  readonly at: string;
  readonly grant: 'client_credentials' | 'refresh_token';
  /** `first-token`, `expired` (refreshed before expiry), `rejected` (after a 401), `check` (a token for the oauth suite). */
  readonly cause: TokenExchangeCause;
  /** The same in words, e.g. "the SCIM server answered 401 to GET /Users". */
  readonly reason: string;
  readonly exchange: HttpExchange;
  /** Why no token was issued; absent when one was. */
  readonly problem?: string;
}

/** OAuth 2.0 access to the SCIM target (issue 13): every token exchange of the run, oldest first. */
export interface RunAuth {
  readonly kind: 'oauth';
  readonly grant: 'client_credentials' | 'refresh_token';
  readonly tokenUrl: string;
  readonly tokenExchanges: readonly TokenExchangeRecord[];
}

export interface RunReport {
  readonly formatVersion: typeof REPORT_FORMAT_VERSION;
  readonly meta: RunMetadata;
  readonly suites: readonly SuiteResult[];
  readonly summary: {
    /** Graded: warns do not fail unless --strict. */
    readonly verdict: Verdict;
    /** Fidelity view: any failed assertion fails, as on Runscope. */
    readonly runscopeVerdict: 'pass' | 'fail';
    readonly counts: Counts;
    /** One line for consoles and job summaries. */
    readonly line: string;
  };
  /** False when the run was aborted (Ctrl-C, crash). */
  readonly complete: boolean;
  /** Present on reports written to disk: sha256 of the report with this field absent. */
  readonly integrity?: string;
  /** The figures of a `scim-conformance load` run (absent for every other run). */
  readonly load?: LoadFigures;
}

/** Latency percentiles in ms (nearest rank: each is a latency really measured). */
export interface LatencyFigures {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * What `scim-conformance load` measured (issue 10 item 5). The judgements are ordinary steps
 * of the report's `load` suite; these are the numbers behind them and the HTML latency chart.
 */
export interface LoadFigures {
  readonly clients: readonly ('okta' | 'entra')[];
  readonly durationMs: number;
  readonly concurrency: number;
  /** `--rate`: most requests started per second, when limited. */
  readonly ratePerSecond?: number;
  /** Requests of the traffic phase (retries after 429 included; read-back and cleanup not). */
  readonly requests: number;
  /** 2xx answers per second of traffic. */
  readonly throughputPerSecond: number;
  readonly latencyMs: LatencyFigures;
  /** Answers that were neither 2xx nor 429, plus transport errors. */
  readonly errors: number;
  readonly errorRate: number;
  readonly rateLimited: number;
  readonly rateLimitedRate: number;
  /** Time spent waiting as Retry-After asked (clamped to the duration). */
  readonly retryAfterWaitedMs: number;
  readonly usersCreated: number;
  readonly usersVerified: number;
  /** Per client and operation. */
  readonly operations: readonly {
    readonly client: 'okta' | 'entra';
    readonly operation: string;
    readonly requests: number;
    readonly errors: number;
    readonly rateLimited: number;
    readonly latencyMs: LatencyFigures;
  }[];
  /** One point per second of traffic, for the chart. */
  readonly timeline: readonly {
    readonly second: number;
    readonly requests: number;
    readonly rateLimited: number;
    readonly errors: number;
    readonly latencyMs: LatencyFigures;
  }[];
}
