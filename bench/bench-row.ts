/** One line of `npm run bench`: a measurement against a baseline measured in the same process. */
export interface BenchRow {
  readonly name: string;
  /** The measured figure (ms, or MiB when `unit` says so). */
  readonly value: number;
  readonly baseline: string;
  readonly baselineValue: number;
  readonly unit?: 'ms' | 'MiB' | 'KiB';
  /** What the ratio should stay within, printed beside it (e.g. "linear: ≤ 11x"). */
  readonly expect?: string;
  /** The ratio to print when it is not value / baselineValue (a median of paired ratios). */
  readonly ratio?: number;
}

/** Prints rows in the layout of bench/run.ts's table. */
export function printRows(rows: readonly BenchRow[], write: (line: string) => void = console.log): void {
  for (const row of rows) {
    const unit = row.unit ?? 'ms';
    const ratio = row.ratio !== undefined ? `${row.ratio.toFixed(2)}x` : row.baselineValue > 0 && row.value > 0 ? `${(row.value / row.baselineValue).toFixed(2)}x` : '—';
    const show = (value: number): string => `${value.toFixed(1)}${unit === 'ms' ? '' : ` ${unit}`}`.padStart(9);
    write(`${row.name.padEnd(34)} ${show(row.value)}   ${row.baseline.padEnd(24)} ${show(row.baselineValue)}   ${ratio}${row.expect ? `  (${row.expect})` : ''}`);
  }
}

/** Node's garbage collector, exposed at run time so that heap figures are retained memory, not garbage. */
export async function exposeGc(): Promise<() => void> {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
