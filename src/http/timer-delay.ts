/** The longest delay Node's timers accept (2^31 − 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A delay we may hand to setTimeout: not negative, not NaN, at most {@link MAX_TIMER_MS} and `maxMs`. */
export function clampDelay(ms: number, maxMs: number = MAX_TIMER_MS): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, maxMs, MAX_TIMER_MS);
}
