/** Latency percentiles of the load probe (issue 10 item 5). */

/** p50/p90/p99/max in milliseconds, rounded to 0.1 ms; zeros when nothing was measured. */
export interface LatencyPercentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Nearest-rank percentiles (the smallest value with at least p % of the samples at or below
 * it): every figure is a latency that was really measured, never an interpolation.
 */
export function percentiles(samples: ArrayLike<number>): LatencyPercentiles {
  if (samples.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), max: round(sorted[sorted.length - 1] ?? 0) };
}
