import type { AuthorizationSource } from '../http/oauth-client.js';
import type { PauseMode } from '../model/report.js';
import type { QueryEncoding } from './url.js';
import type { JsonObject } from '../scim/json-value.js';

/** How the engine runs steps. */
export interface EngineOptions {
  readonly pauses: PauseMode;
  readonly strict: boolean;
  readonly queryEncoding: QueryEncoding;
  /** Per-request time limit. */
  readonly timeoutMs: number;
  /**
   * Upper bound for read-back retries when pauses are skipped; by default the Runscope pause
   * bound of the step (a smaller value makes failing runs faster, e.g. in our own tests).
   */
  readonly readBackTimeoutMs?: number;
  /**
   * `--settle MS`: a direct SCIM read-back that fails is retried with backoff for up to this
   * long (servers that are eventually consistent on purpose). Without it a direct read-back is
   * judged at once and confirmed by one re-read (run-step.ts).
   */
  readonly settleMs?: number;
  readonly keepTestData: boolean;
  /** `--user-template`: User attribute values only the vendor knows, merged into the suites' user bodies (scim/schema-payload.ts). */
  readonly userTemplate?: JsonObject;
  readonly scriptTimeoutMs: number;
  /**
   * Interrupt (Ctrl-C, SIGTERM, SIGHUP). The run derives its own stop signal from it and from
   * the deadline (run-lifecycle.ts), and hands that one to the steps: nothing new is started
   * once it fires, and waits end.
   */
  readonly signal?: AbortSignal;
  /** Time budget of the whole run (`--max-duration`); none when undefined. */
  readonly maxDurationMs?: number;
  /** When that budget started counting (epoch ms; the CLI: its own start); default the run's start. */
  readonly budgetStartedAt?: number;
  /**
   * Aborts the request in flight (set by the run for each step, from run-lifecycle.ts: after
   * the interrupt grace period, at the deadline, or when the step's budget is spent).
   */
  readonly requestSignal?: AbortSignal;
  /**
   * The OAuth token source when the run authenticates with OAuth: requests whose Authorization
   * is a stand-in (src/http/oauth-send.ts) get its current token, and its secrets are redacted.
   */
  readonly auth?: AuthorizationSource;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  pauses: 'skip',
  strict: false,
  queryEncoding: 'percent',
  timeoutMs: 30_000,
  keepTestData: false,
  scriptTimeoutMs: 2_000,
};
