/** Collects suite results into the one canonical RunReport (DESIGN.md core decision 2). */
import type { RunMetadata, RunReport } from '../model/report.js';
import { REPORT_FORMAT_VERSION } from '../model/report.js';
import type { SuiteResult } from '../model/result.js';
import type { Counts, Verdict } from '../model/verdict.js';
import { countVerdicts, worstVerdict } from '../model/verdict.js';

/** The one-line verdict printed by consoles and job summaries. */
export function verdictLine(verdict: Verdict, counts: Counts, suites: readonly string[], durationMs: number): string {
  const head = verdict === 'pass' || verdict === 'warn' ? 'PASS' : verdict === 'fail' ? 'FAIL' : verdict === 'error' ? 'ERROR' : 'NOTHING RUN';
  const parts = [`${counts.pass} passed`, `${counts.fail} failed`, `${counts.warn} warnings`, `${counts.error} errors`, `${counts.skip} skipped`];
  if (counts['n/a']) parts.push(`${counts['n/a']} n/a`);
  return `${head} ${suites.join(', ')}: ${parts.join(', ')} (${(durationMs / 1000).toFixed(2)} s)`;
}

export function buildReport(meta: RunMetadata, suites: readonly SuiteResult[], complete: boolean): RunReport {
  const verdicts = suites.flatMap((s) => s.steps.filter((r) => r.kind === 'request').map((r) => r.verdict));
  const counts = countVerdicts(verdicts);
  const verdict = worstVerdict(verdicts);
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    meta,
    suites,
    summary: {
      verdict,
      runscopeVerdict: suites.every((s) => s.runscopeVerdict === 'pass') ? 'pass' : 'fail',
      counts,
      line: verdictLine(verdict, counts, meta.suites, meta.durationMs),
    },
    complete,
  };
}
