/** Collects suite results into the one canonical RunReport (DESIGN.md core decision 2). */
import type { RunAuth, RunMetadata, RunReport } from '../model/report.js';
import { REPORT_FORMAT_VERSION } from '../model/report.js';
import type { SuiteResult } from '../model/result.js';
import { countVerdicts, worstVerdict } from '../model/verdict.js';
import { summaryLine } from '../report/summary.js';

export function buildReport(meta: RunMetadata, suites: readonly SuiteResult[], complete: boolean): RunReport {
  const verdicts = suites.flatMap((s) => s.steps.filter((r) => r.kind === 'request').map((r) => r.verdict));
  const counts = countVerdicts(verdicts);
  const verdict = worstVerdict(verdicts);
  const summary = { verdict, runscopeVerdict: suites.every((s) => s.runscopeVerdict === 'pass') ? 'pass' as const : 'fail' as const, counts };
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    meta,
    suites,
    summary: { ...summary, line: summaryLine({ meta, summary, complete }) },
    complete,
  };
}

/**
 * The report with how the SCIM target was authenticated (`meta.auth`: OAuth's token exchanges,
 * already redacted), added once the run ended so refreshes made by cleanup are in it too.
 */
export function withRunAuth(report: RunReport, auth: RunAuth | undefined): RunReport {
  return auth === undefined ? report : { ...report, meta: { ...report.meta, auth } };
}
