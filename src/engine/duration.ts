/**
 * Durations as users write them (`--max-duration 45s`, `5m`, `300000`): a plain number is
 * milliseconds, like `--timeout`; `ms`, `s`, `m` and `h` name their unit.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds for `45s`, `5m`, `1.5h`, `300000` or `250ms`; undefined when it is none of these. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 'ms').toLowerCase()]!;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** `10 s`, `5 min`, `250 ms`, `1.5 h`: for messages and reasons. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${round(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Until this instant (year 10000) `toISOString` writes a four-digit year: `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
const FOUR_DIGIT_YEARS_END_MS = 253_402_300_800_000;
let isoSecond = Number.NaN;
let isoPrefix = '';

/**
 * `new Date(ms).toISOString()`, with the text up to the second kept from the last call: a run
 * stamps every step, and most stamps fall in the same second as the one before (issue 10 item 3).
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= FOUR_DIGIT_YEARS_END_MS) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1_000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1_000).toISOString().slice(0, 20);
    isoSecond = second;
  }
  const milli = ms - second * 1_000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
