/**
 * Console renderings of a report: one summary line (also stored as `summary.line`) and a
 * short multi-line summary of what needs fixing. Target text is made printable first, so a
 * hostile body cannot send escape sequences to the user's terminal.
 */
import type { RunMetadata, RunReport } from '../model/report.js';
import type { StepResult } from '../model/result.js';
import type { Verdict } from '../model/verdict.js';
import { clip, diagnosisLines, formatSeconds } from './format.js';
import { printable } from './printable.js';

/** What {@link summaryLine} reads: a RunReport, or one being built (before `summary.line`). */
export interface SummaryLineInput {
  readonly meta: Pick<RunMetadata, 'suites' | 'durationMs'>;
  readonly summary: Pick<RunReport['summary'], 'verdict' | 'counts'>;
  readonly complete: boolean;
}

/**
 * The outcome word: warnings do not fail a run (DESIGN.md core decision 4), so a run whose
 * worst verdict is `warn` reads PASS, with its warnings counted after it.
 */
const OUTCOME: Readonly<Record<Verdict, string>> = {
  error: 'ERROR', fail: 'FAIL', warn: 'PASS', pass: 'PASS', 'n/a': 'N/A', skip: 'SKIP',
};

/** The word a run's summary line starts with (PASS, FAIL, ERROR, N/A, SKIP). */
export function outcomeLabel(verdict: Verdict): string {
  return OUTCOME[verdict];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function suitesLabel(suites: readonly string[]): string {
  if (suites.length === 0) return 'no suites';
  if (suites.length <= 3) return suites.join(', ');
  return `${suites.length} suites`;
}

/**
 * One line for consoles and CI job summaries:
 * `PASS okta-spec: 13 passed, 0 failed, 1 warning, 0 errors, 0 skipped (0.41 s)`.
 * `, N n/a` is added when some steps were not applicable, `, incomplete` when aborted.
 */
export function summaryLine(report: SummaryLineInput): string {
  const c = report.summary.counts;
  const parts = [
    `${c.pass} passed`,
    `${c.fail} failed`,
    plural(c.warn, 'warning', 'warnings'),
    plural(c.error, 'error', 'errors'),
    `${c.skip} skipped`,
  ];
  if (c['n/a'] > 0) parts.push(`${c['n/a']} n/a`);
  const tail = report.complete ? '' : ', incomplete';
  const label = printable(suitesLabel(report.meta.suites)).replace(/[\r\n\t]+/g, ' ');
  // An interrupted run never reads PASS, whatever passed before the interrupt (exit code 4).
  const graded = OUTCOME[report.summary.verdict];
  const head = !report.complete && graded === 'PASS' ? 'INCOMPLETE' : graded;
  return `${head} ${label}: ${parts.join(', ')} (${formatSeconds(report.meta.durationMs)})${tail}`;
}

export interface ConsoleSummaryOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR). */
  readonly color: boolean;
  /** Failing steps listed in full (the rest are counted). Default 20. */
  readonly maxSteps?: number;
}

type Paint = (text: string) => string;

function painter(color: boolean, open: number, close: number): Paint {
  return color ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/** One line of target text: printable, no line breaks, clipped. */
function oneLine(text: string, max = 300): string {
  return clip(printable(text).replace(/[\r\n\t]+/g, ' '), max);
}

/**
 * A short multi-line summary for the console: the summary line, the Runscope verdict when it
 * differs, each failed or errored step with its reason, expected/actual and fix, warnings one
 * line each, and cleanup that did not succeed. Ends without a newline.
 */
export function renderConsoleSummary(report: RunReport, options: ConsoleSummaryOptions): string {
  const bold = painter(options.color, 1, 22);
  const dim = painter(options.color, 2, 22);
  const red = painter(options.color, 31, 39);
  const magenta = painter(options.color, 35, 39);
  const yellow = painter(options.color, 33, 39);
  const green = painter(options.color, 32, 39);
  const paint: Readonly<Record<Verdict, Paint>> = {
    pass: green, warn: yellow, fail: red, error: magenta, skip: dim, 'n/a': dim,
  };
  const maxSteps = options.maxSteps ?? 20;

  const headline = oneLine(report.summary.line !== '' ? report.summary.line : summaryLine(report), 500);
  const lines: string[] = [bold(paint[report.summary.verdict](headline))];
  if (!report.complete) lines.push(red('The run did not complete: results are partial.'));
  const graded = OUTCOME[report.summary.verdict];
  if ((graded === 'PASS') !== (report.summary.runscopeVerdict === 'pass')) {
    lines.push(`Runscope verdict: ${report.summary.runscopeVerdict.toUpperCase()} (any failed assertion fails, as on Runscope)`);
  }

  const located = report.suites.flatMap((suite) => suite.steps.map((step) => ({ suite: suite.suiteId, step })));
  const bad = located.filter(({ step }) => step.verdict === 'fail' || step.verdict === 'error');
  const warned = located.filter(({ step }) => step.verdict === 'warn');
  const name = (suite: string, step: StepResult): string =>
    `${oneLine(suite, 80)} › ${oneLine(step.stepId, 120)}${step.title !== '' ? ` — ${oneLine(step.title, 160)}` : ''}`;

  if (bad.length > 0) {
    lines.push('', bold(`Failed and errored steps (${bad.length}):`));
    for (const { suite, step } of bad.slice(0, maxSteps)) {
      const mark = step.verdict === 'fail' ? '✗ FAIL ' : '⚠ ERROR';
      lines.push(`  ${paint[step.verdict](mark)} ${name(suite, step)}`);
      for (const line of diagnosisLines(step, { maxAssertions: 3, maxValueLength: 200 })) {
        lines.push(`      ${dim(oneLine(line, 400))}`);
      }
    }
    if (bad.length > maxSteps) lines.push(`  … ${bad.length - maxSteps} more in report.html`);
  }
  if (warned.length > 0) {
    lines.push('', bold(`Warnings (${warned.length}):`));
    for (const { suite, step } of warned.slice(0, maxSteps)) {
      lines.push(`  ${yellow('! WARN ')} ${name(suite, step)}${step.reason !== undefined ? dim(`: ${oneLine(step.reason, 200)}`) : ''}`);
    }
    if (warned.length > maxSteps) lines.push(`  … ${warned.length - maxSteps} more in report.html`);
  }
  const leftovers = report.suites.flatMap((s) => s.cleanup.filter((c) => !c.ok).map((c) => ({ suite: s.suiteId, c })));
  if (leftovers.length > 0) {
    lines.push('', bold(red(`Cleanup did not succeed (${leftovers.length}): remove these by hand`)));
    for (const { suite, c } of leftovers) {
      const detail = [c.status !== undefined ? `HTTP ${c.status}` : '', c.message ?? ''].filter((s) => s !== '').join(', ');
      lines.push(`  ${oneLine(suite, 80)} › ${oneLine(c.title, 200)}${detail !== '' ? dim(` (${oneLine(detail, 200)})`) : ''}`);
    }
  }
  return lines.join('\n');
}
