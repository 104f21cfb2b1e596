import type { PauseMode } from '../model/report.js';
import type { QueryEncoding } from './url.js';

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
  readonly keepTestData: boolean;
  readonly scriptTimeoutMs: number;
  readonly signal?: AbortSignal;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  pauses: 'skip',
  strict: false,
  queryEncoding: 'percent',
  timeoutMs: 30_000,
  keepTestData: false,
  scriptTimeoutMs: 2_000,
};
