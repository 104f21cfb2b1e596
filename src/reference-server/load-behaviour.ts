/**
 * How the reference server behaves under load, for the `load` probe and its tests
 * (issue 10 item 5). These are not defect profiles of DESIGN.md decision 11: the native
 * suites send a handful of requests and cannot see them; the load probe's own tests prove
 * each one is caught (test/load/load-probe.spec.ts).
 *
 * - `rateLimit` is correct behaviour: beyond `requestsPerSecond` in a one-second window the
 *   server answers 429 Too Many Requests (RFC 6585 §4) with `Retry-After: <seconds>`
 *   (RFC 9110 §10.2.3), as Okta asks SCIM servers to (okta-wire.md §1.13). With
 *   `retryAfter: 'missing'` it is the defect of a 429 without the header (Okta then waits
 *   5 minutes).
 * - `losesEveryNthCreate` is a defect: every Nth `POST /Users` is answered 201 but not kept,
 *   as a server that drops writes under concurrency does.
 * - `delayMs` makes every answer that much late: a server too slow for Okta's 60 s timeout,
 *   scaled down for tests with the probe's own `--timeout`.
 */
import { scimError } from '../scim/errors.js';
import { errorResponse, type ScimResponse } from './responses.js';
import type { DefectName } from './defects.js';

/** Load behaviour of a reference server; absent fields are off. */
export interface LoadBehaviour {
  readonly rateLimit?: {
    /** Requests served per one-second window; the rest get 429. */
    readonly requestsPerSecond: number;
    /** Seconds sent in `Retry-After`; `missing` sends none (a defect). Default 1. */
    readonly retryAfter?: number | 'missing';
  };
  /** Every Nth `POST /Users` is acknowledged (201) and then dropped (a defect). */
  readonly losesEveryNthCreate?: number;
  /** Every request is answered this many ms late (a slow server; a client's timeout may end it first). */
  readonly delayMs?: number;
}

/** A fixed one-second window counter: the state behind {@link LoadBehaviour.rateLimit}. */
export class RateLimiter {
  private windowStart = 0;
  private served = 0;

  constructor(private readonly limit: NonNullable<LoadBehaviour['rateLimit']>) {}

  /** A 429 response when this request is over the limit, else undefined (and it is counted). */
  check(defects: ReadonlySet<DefectName>, now = Date.now()): ScimResponse | undefined {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.served = 0;
    }
    if (this.served < this.limit.requestsPerSecond) {
      this.served += 1;
      return undefined;
    }
    const retryAfter = this.limit.retryAfter ?? 1;
    const headers: Record<string, string> = retryAfter === 'missing' ? {} : { 'Retry-After': String(retryAfter) };
    return errorResponse(scimError(429, `Rate limit of ${this.limit.requestsPerSecond} requests per second exceeded`), defects, headers);
  }
}
