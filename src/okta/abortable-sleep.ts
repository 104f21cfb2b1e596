import { clampDelay } from '../engine/run-lifecycle.js';

/**
 * A timer that an AbortSignal cancels (rejecting with the signal's reason). A server decides
 * some of these delays (`Retry-After`, `X-Rate-Limit-Reset`): the delay is clamped to what
 * Node's timers can wait (2^31 − 1 ms), since a longer one (a `Retry-After` of 10^23 s) would
 * fire at once with a TimeoutOverflowWarning and turn the wait into a tight retry loop.
 * Negative or NaN delays do not wait. The run bounds the rest: its end cancels the signal.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampDelay(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
