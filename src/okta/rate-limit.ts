/**
 * Okta rate limits: a 429 says when the window resets in `X-Rate-Limit-Reset` (UTC epoch
 * seconds) [RL]. Like Okta's Node SDK we wait `reset − Date + 1 s`, using the response's own
 * `Date` so local clock skew does not matter [NODESDK]; duplicated (comma-joined) reset
 * headers are not trusted.
 */
import type { HeaderList } from '../model/result.js';
import { headerValues } from './header-values.js';

/** Safety margin the SDK adds after the reset instant. */
export const RATE_LIMIT_MARGIN_MS = 1000;

export type RateLimitWait =
  | { readonly retry: true; readonly waitMs: number }
  | { readonly retry: false; readonly reason: string };

/**
 * How long to wait before retrying a 429, or why not to retry. `bound` names what sets
 * `maxWaitMs` when it is not our own longest wait (the run's deadline).
 */
export function rateLimitWait(headers: HeaderList, nowMs: number, maxWaitMs: number, bound?: string): RateLimitWait {
  const resets = headerValues(headers, 'x-rate-limit-reset').flatMap((v) => v.split(',')).map((v) => v.trim());
  if (resets.length === 0) return { retry: false, reason: 'the 429 response has no X-Rate-Limit-Reset header' };
  if (resets.length > 1) return { retry: false, reason: 'the 429 response has several X-Rate-Limit-Reset values' };
  const resetSec = Number(resets[0]);
  if (!Number.isFinite(resetSec)) return { retry: false, reason: `X-Rate-Limit-Reset is not a number: ${resets[0]}` };
  const date = Date.parse(headerValues(headers, 'date')[0] ?? '');
  const base = Number.isFinite(date) ? date : nowMs;
  const waitMs = Math.max(0, resetSec * 1000 - base + RATE_LIMIT_MARGIN_MS);
  // A reset absurdly far away (10^23 s) is a finding, never a timer: it is not waited for.
  if (waitMs > maxWaitMs) {
    const when = waitMs > 86_400_000 ? 'more than a day' : `${Math.ceil(waitMs / 1000)} s`;
    return {
      retry: false,
      reason: bound === undefined
        ? `the rate limit resets in ${when}, longer than the ${Math.round(maxWaitMs / 1000)} s we wait`
        : `the rate limit resets in ${when}, after ${bound}, ${Math.round(maxWaitMs / 1000)} s from now`,
    };
  }
  return { retry: true, waitMs };
}
