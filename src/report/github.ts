/**
 * GitHub Actions renderings of reports: the Markdown job summary (appended to the file named
 * by `GITHUB_STEP_SUMMARY`) and workflow-command annotations (`::error title=…::…`).
 *
 * Target text can hold anything, so it is made printable first; then
 * - annotation messages escape `%`, CR and LF (`%25`, `%0D`, `%0A`), and annotation properties
 *   (the title) also `:` and `,` (`%3A`, `%2C`) — GitHub's rules — so a body can never end
 *   the command and start another;
 * - Markdown text is kept on one line, `&`, `<` and `>` become entities, and the characters
 *   that make Markdown (`\ \` * _ [ ] | ~ #`) are backslash-escaped, so a target cannot
 *   inject links, images, HTML or table cells into the summary.
 */
import type { RunReport } from '../model/report.js';
import type { StepResult, SuiteResult } from '../model/result.js';
import type { Verdict } from '../model/verdict.js';
import { clip, diagnosisLines, failedAssertions, formatActual, formatExpected, verdictLabel } from './format.js';
import { printable } from './printable.js';
import type { UnreadableRun } from './store.js';

/** Escapes the message (data) of a workflow command: `%`, CR, LF. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command (e.g. `title`): data rules plus `:` and `,`. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly title: string;
  readonly message: string;
}

/** One workflow command line (without the newline): `::error title=…::…`. */
export function formatAnnotation(annotation: Annotation): string {
  const title = escapeCommandProperty(printable(annotation.title));
  return `::${annotation.level} title=${title}::${escapeCommandData(printable(annotation.message))}`;
}

export interface AnnotationOptions {
  /** Most annotations of each level (GitHub shows few per step anyway). Default 50. */
  readonly maxPerLevel?: number;
}

function stepName(suite: SuiteResult, step: StepResult): string {
  return `${suite.suiteId} › ${step.stepId}`;
}

/**
 * Annotations for reports: `error` for each failed or errored step (what fails a run),
 * `warning` for each warned step, beyond `maxPerLevel` one `notice` saying how many more.
 */
export function reportAnnotations(reports: readonly RunReport[], options: AnnotationOptions = {}): Annotation[] {
  const max = options.maxPerLevel ?? 50;
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  for (const report of reports) {
    for (const suite of report.suites) {
      for (const step of suite.steps) {
        if (step.verdict === 'fail' || step.verdict === 'error') {
          errors.push({
            level: 'error',
            title: clip(`${verdictLabel(step.verdict)} ${stepName(suite, step)}${step.title !== '' ? ` — ${step.title}` : ''}`, 200),
            message: diagnosisLines(step, { maxAssertions: 3, maxValueLength: 300 }).map((l) => clip(l, 500)).join('\n'),
          });
        } else if (step.verdict === 'warn') {
          warnings.push({
            level: 'warning',
            title: clip(`WARN ${stepName(suite, step)}${step.title !== '' ? ` — ${step.title}` : ''}`, 200),
            message: diagnosisLines(step, { maxAssertions: 3, maxValueLength: 300 }).map((l) => clip(l, 500)).join('\n'),
          });
        }
      }
    }
  }
  const capped = (list: Annotation[], what: string): Annotation[] => (list.length <= max ? list : [
    ...list.slice(0, max),
    { level: 'notice', title: `${list.length - max} more ${what}`, message: `${list.length - max} more ${what} are in the report (report.html, junit.xml).` },
  ]);
  return [...capped(errors, 'failed steps'), ...capped(warnings, 'warnings')];
}

/** Warnings for reports that were left out of a published site. */
export function exclusionAnnotations(excluded: readonly UnreadableRun[]): Annotation[] {
  return excluded.map((e) => ({ level: 'warning', title: `Report not published: ${e.name}`, message: e.problem }));
}

/** One line of Markdown text from target data (see the module doc). */
export function escapeMarkdown(text: string, max = 300): string {
  const line = clip(printable(text).replace(/[\r\n\t\u2028\u2029]+/g, ' '), max);
  return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\\`*_[\]|~#]/g, (ch) => `\\${ch}`);
}

const EMOJI: Readonly<Record<Verdict, string>> = {
  pass: '✅', warn: '⚠️', fail: '❌', error: '🛑', skip: '⏭️', 'n/a': '➖',
};

function verdictCell(verdict: Verdict): string {
  return `${EMOJI[verdict]} ${verdictLabel(verdict)}`;
}

/** `[label](<absolute url>)`, or the plain label without a base URL. */
function link(label: string, baseUrl: string | undefined, path: string): string {
  if (baseUrl === undefined) return label;
  const href = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  return `[${label}](<${href}>)`;
}

function whyNot(step: StepResult): string {
  const first = failedAssertions(step)[0];
  const detail = first !== undefined
    ? `expected ${formatExpected(first.expected)}, actual ${formatActual(first.actual)}` : undefined;
  return [step.reason, detail].filter((s): s is string => s !== undefined && s !== '').join(' · ') || '(no reason recorded)';
}

export interface JobSummaryOptions {
  /** The published site's address: adds links to each run's report. */
  readonly baseUrl?: string;
  /** Reports left out of the site (integrity, unreadable), listed at the end. */
  readonly excluded?: readonly UnreadableRun[];
  /** Most failing or warned steps listed per run. Default 50. */
  readonly maxSteps?: number;
}

function runSection(report: RunReport, options: JobSummaryOptions): string[] {
  const { meta, summary } = report;
  const maxSteps = options.maxSteps ?? 50;
  const encodedId = encodeURIComponent(meta.runId);
  const lines: string[] = [
    `## ${EMOJI[summary.verdict]} SCIM conformance: ${verdictLabel(summary.verdict)}`,
    '',
    `**${escapeMarkdown(summary.line, 500)}**`,
    '',
    [
      `Target: ${meta.target.scimUrl !== undefined ? escapeMarkdown(meta.target.scimUrl) : 'none'}`,
      `run ${escapeMarkdown(meta.runId)}`,
      ...(report.complete ? [] : ['**incomplete** (aborted)']),
      ...(options.baseUrl !== undefined ? [link('full report', options.baseUrl, `runs/${encodedId}/index.html`), link('all runs', options.baseUrl, 'index.html')] : []),
    ].join(' · '),
    '',
    '| Suite | Verdict | Passed | Failed | Warnings | Errors | Skipped | N/A |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.suites.map((s) => `| ${escapeMarkdown(s.suiteId, 120)} — ${escapeMarkdown(s.name, 120)} | ${verdictCell(s.verdict)} | ${s.counts.pass} | ${s.counts.fail} | ${s.counts.warn} | ${s.counts.error} | ${s.counts.skip} | ${s.counts['n/a']} |`),
  ];
  const located = report.suites.flatMap((suite) => suite.steps.map((step) => ({ suite, step })));
  const table = (heading: string, rows: typeof located): string[] => {
    if (rows.length === 0) return [];
    const shown = rows.slice(0, maxSteps);
    return [
      '',
      `### ${heading} (${rows.length})`,
      '',
      '| Suite | Step | Verdict | Level | Why |',
      '| --- | --- | --- | --- | --- |',
      ...shown.map(({ suite, step }) => `| ${escapeMarkdown(suite.suiteId, 120)} | ${escapeMarkdown(step.stepId, 120)}${step.title !== '' ? ` — ${escapeMarkdown(step.title, 160)}` : ''} | ${verdictCell(step.verdict)} | ${step.level} | ${escapeMarkdown(whyNot(step), 400)} |`),
      ...(rows.length > shown.length ? ['', `… ${rows.length - shown.length} more in the full report.`] : []),
    ];
  };
  lines.push(...table('Failing steps', located.filter(({ step }) => step.verdict === 'fail' || step.verdict === 'error')));
  lines.push(...table('Warnings', located.filter(({ step }) => step.verdict === 'warn')));
  return lines;
}

/** The Markdown job summary of some reports (one section each), ending with a newline. */
export function renderJobSummary(reports: readonly RunReport[], options: JobSummaryOptions = {}): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (lines.length > 0) lines.push('');
    lines.push(...runSection(report, options));
  }
  if (reports.length === 0) lines.push('## SCIM conformance', '', 'No reports to summarise.');
  const excluded = options.excluded ?? [];
  if (excluded.length > 0) {
    lines.push('', `### ⚠️ Reports not published (${excluded.length})`, '');
    for (const e of excluded) lines.push(`- ${escapeMarkdown(e.name, 140)}: ${escapeMarkdown(e.problem, 400)}`);
  }
  return `${lines.join('\n')}\n`;
}
