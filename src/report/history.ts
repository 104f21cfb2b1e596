/**
 * Run history: for each target (SCIM base URL) and suite, the runs in order and, between
 * consecutive runs, how the suite's verdict changed and which steps flipped. Pure functions
 * over RunReports (no I/O), shared by the report server and the static site.
 *
 * A step is *failing* when its verdict is `fail` or `error` (what makes a run not pass,
 * DESIGN.md core decision 3). Between two consecutive runs of a suite a step:
 * - `started-failing`: failing now, and not failing before (passed, warned, was skipped,
 *   n/a, or was not in the previous run);
 * - `stopped-failing`: failing before, and now it ran without failing (`pass` or `warn`);
 * - `changed`: any other change of verdict, including a failing step that is now `skip`,
 *   `n/a` or absent (it did not run, so it is not fixed) and `fail` ↔ `error`.
 * Steps are matched by id within the suite (pauses are ignored); a repeated id is matched by
 * its occurrence (`id`, `id#2`, …).
 */
import type { RunReport } from '../model/report.js';
import type { StepResult, SuiteResult } from '../model/result.js';
import type { Counts, Verdict } from '../model/verdict.js';

export type StepChange = 'started-failing' | 'stopped-failing' | 'changed';

/** One step whose verdict differs between two consecutive runs. */
export interface StepFlip {
  readonly stepId: string;
  readonly title: string;
  readonly change: StepChange;
  /** Absent when the step was not in the earlier run. */
  readonly from?: Verdict;
  /** Absent when the step is not in the later run. */
  readonly to?: Verdict;
  /** The later run's reason for the step, when it gives one. */
  readonly reason?: string;
}

/** A suite as it ran in one run. */
export interface HistoryRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly complete: boolean;
  readonly verdict: Verdict;
  readonly counts: Counts;
}

/** What changed from `runs[i]` to `runs[i + 1]`. */
export interface HistoryTransition {
  readonly fromRunId: string;
  readonly toRunId: string;
  readonly fromVerdict: Verdict;
  readonly toVerdict: Verdict;
  readonly verdictChanged: boolean;
  /** Started failing first, then stopped failing, then other changes; by step order within each. */
  readonly flips: readonly StepFlip[];
}

/** The history of one suite on one target. */
export interface SuiteHistory {
  /** The SCIM base URL as recorded (`''` for runs without one). */
  readonly target: string;
  readonly suiteId: string;
  /** The suite's name in the latest run. */
  readonly suiteName: string;
  /** Oldest first (by `startedAt`, then run id). */
  readonly runs: readonly HistoryRun[];
  /** `transitions[i]` goes from `runs[i]` to `runs[i + 1]`. */
  readonly transitions: readonly HistoryTransition[];
}

/** `fail` and `error` make a run not pass. */
export function isFailing(verdict: Verdict | undefined): boolean {
  return verdict === 'fail' || verdict === 'error';
}

/** The target a report's runs are grouped under: its SCIM base URL, `''` when it has none. */
export function historyTarget(report: RunReport): string {
  return report.meta.target.scimUrl ?? '';
}

/** Steps keyed by id; the n-th repeat of an id (n ≥ 2) is keyed `id#n`. */
function keyedSteps(suite: SuiteResult | undefined): Map<string, StepResult> {
  const keyed = new Map<string, StepResult>();
  const seen = new Map<string, number>();
  for (const step of suite?.steps ?? []) {
    if (step.kind === 'pause') continue;
    const n = (seen.get(step.stepId) ?? 0) + 1;
    seen.set(step.stepId, n);
    keyed.set(n === 1 ? step.stepId : `${step.stepId}#${n}`, step);
  }
  return keyed;
}

/** How one step's verdict moved, or undefined when it did not. */
export function classifyChange(from: Verdict | undefined, to: Verdict | undefined): StepChange | undefined {
  if (from === to) return undefined;
  if (isFailing(to) && !isFailing(from)) return 'started-failing';
  if (isFailing(from) && (to === 'pass' || to === 'warn')) return 'stopped-failing';
  return 'changed';
}

const CHANGE_ORDER: readonly StepChange[] = ['started-failing', 'stopped-failing', 'changed'];

/**
 * The steps whose verdict differs between two runs of a suite (`before` undefined: every
 * step of `after` is new). Order: started failing, stopped failing, changed; within each,
 * the later run's step order, then steps only the earlier run had.
 */
export function compareSuiteRuns(before: SuiteResult | undefined, after: SuiteResult | undefined): StepFlip[] {
  const earlier = keyedSteps(before);
  const later = keyedSteps(after);
  const keys = [...later.keys(), ...[...earlier.keys()].filter((k) => !later.has(k))];
  const flips: StepFlip[] = [];
  for (const key of keys) {
    const a = earlier.get(key);
    const b = later.get(key);
    const change = classifyChange(a?.verdict, b?.verdict);
    const step = b ?? a;
    if (change === undefined || step === undefined) continue;
    flips.push({
      stepId: step.stepId,
      title: step.title,
      change,
      ...(a !== undefined ? { from: a.verdict } : {}),
      ...(b !== undefined ? { to: b.verdict } : {}),
      ...(b?.reason !== undefined ? { reason: b.reason } : {}),
    });
  }
  return CHANGE_ORDER.flatMap((change) => flips.filter((f) => f.change === change));
}

function startedAtMs(report: RunReport): number {
  const ms = Date.parse(report.meta.startedAt);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Oldest first: by start time, then by run id. */
function compareOldestFirst(a: RunReport, b: RunReport): number {
  const byTime = startedAtMs(a) - startedAtMs(b);
  if (byTime !== 0) return byTime;
  return a.meta.runId < b.meta.runId ? -1 : a.meta.runId > b.meta.runId ? 1 : 0;
}

/**
 * Every (target, suite) history found in the reports, ordered by target, then suite id.
 * A report that ran a suite twice (it should not) contributes its first result.
 */
export function buildHistories(reports: readonly RunReport[]): SuiteHistory[] {
  const groups = new Map<string, { target: string; suiteId: string; entries: { report: RunReport; suite: SuiteResult }[] }>();
  for (const report of [...reports].sort(compareOldestFirst)) {
    const target = historyTarget(report);
    const seen = new Set<string>();
    for (const suite of report.suites) {
      if (seen.has(suite.suiteId)) continue;
      seen.add(suite.suiteId);
      const key = JSON.stringify([target, suite.suiteId]);
      let group = groups.get(key);
      if (group === undefined) {
        group = { target, suiteId: suite.suiteId, entries: [] };
        groups.set(key, group);
      }
      group.entries.push({ report, suite });
    }
  }
  const histories = [...groups.values()].map(({ target, suiteId, entries }): SuiteHistory => {
    const runs = entries.map(({ report, suite }): HistoryRun => ({
      runId: report.meta.runId,
      startedAt: report.meta.startedAt,
      complete: report.complete,
      verdict: suite.verdict,
      counts: suite.counts,
    }));
    const transitions = entries.slice(1).map((current, i): HistoryTransition => {
      const previous = entries[i];
      const fromVerdict = previous?.suite.verdict ?? 'skip';
      return {
        fromRunId: previous?.report.meta.runId ?? '',
        toRunId: current.report.meta.runId,
        fromVerdict,
        toVerdict: current.suite.verdict,
        verdictChanged: fromVerdict !== current.suite.verdict,
        flips: compareSuiteRuns(previous?.suite, current.suite),
      };
    });
    const latest = entries[entries.length - 1];
    return { target, suiteId, suiteName: latest?.suite.name ?? suiteId, runs, transitions };
  });
  return histories.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1
    : a.suiteId < b.suiteId ? -1 : a.suiteId > b.suiteId ? 1 : 0));
}

/** The history of one suite on one target, or undefined when no report ran it there. */
export function suiteHistory(reports: readonly RunReport[], target: string, suiteId: string): SuiteHistory | undefined {
  return buildHistories(reports).find((h) => h.target === target && h.suiteId === suiteId);
}
