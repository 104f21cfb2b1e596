/**
 * How Okta waits after a SCIM server answers 429 (okta-wire.md §1.13, from Okta's "Handle SCIM
 * server rate limiting (HTTP 429)"): `Retry-After: <integer seconds>` is honoured exactly; an
 * absent, non-integer or HTTP-date value means 5 minutes; each further 429 doubles the default
 * wait; after the 10th failed attempt the task fails for good.
 */

/** Okta's wait when Retry-After is missing or not an integer. */
export const OKTA_DEFAULT_RETRY_MS = 5 * 60_000;

/** Okta gives up after this many attempts answered 429. */
export const OKTA_MAX_RATE_LIMITED_ATTEMPTS = 10;

/** The wait Okta takes after a 429, and whether the server's header was usable. */
export interface RetryDecision {
  readonly waitMs: number;
  /** True when Retry-After was an integer number of seconds (the only form Okta honours). */
  readonly honoured: boolean;
}

/**
 * The wait after the `defaultsSoFar`+1-th 429 without a usable header (Okta doubles those), or
 * exactly the header's seconds.
 */
export function oktaRetryWait(retryAfter: string | undefined, defaultsSoFar: number): RetryDecision {
  const value = retryAfter?.trim() ?? '';
  if (/^\d+$/.test(value)) return { waitMs: Number(value) * 1000, honoured: true };
  return { waitMs: OKTA_DEFAULT_RETRY_MS * 2 ** defaultsSoFar, honoured: false };
}
