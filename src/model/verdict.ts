/**
 * Verdicts and levels (DESIGN.md core decisions 3 and 4).
 * `fail` = the target broke a requirement; `error` = we could not evaluate; `n/a` = optional
 * feature not advertised; `skip` = not run. `warn` = a non-required check failed.
 */
export type Verdict = 'pass' | 'warn' | 'fail' | 'error' | 'skip' | 'n/a';

/** Worst first: aggregation takes the first verdict in this list that any child has. */
export const VERDICT_PRECEDENCE: readonly Verdict[] = ['error', 'fail', 'warn', 'pass', 'n/a', 'skip'];

export const VERDICTS: readonly Verdict[] = ['pass', 'warn', 'fail', 'error', 'skip', 'n/a'];

/** How much a failed check counts: MUST / SHOULD / MAY (or Okta "Required" / "Optional"). */
export type Level = 'required' | 'recommended' | 'optional';

export const LEVELS: readonly Level[] = ['required', 'recommended', 'optional'];

/** The worst of several verdicts; `skip` when there are none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let best = VERDICT_PRECEDENCE.length - 1;
  for (const v of verdicts) best = Math.min(best, VERDICT_PRECEDENCE.indexOf(v));
  return VERDICT_PRECEDENCE[best] ?? 'skip';
}

/** A failed check becomes `warn` unless it is required or the run is strict. */
export function failureVerdict(level: Level, strict: boolean): 'fail' | 'warn' {
  return level === 'required' || strict ? 'fail' : 'warn';
}

export type Counts = Readonly<Record<Verdict, number>>;

/** Counts each verdict. */
export function countVerdicts(verdicts: Iterable<Verdict>): Counts {
  const counts: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0, 'n/a': 0 };
  for (const v of verdicts) counts[v] += 1;
  return counts;
}
