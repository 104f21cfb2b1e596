/**
 * junit.xml: the report for CI systems (Jenkins, GitLab, GitHub test reporters), in the
 * common Ant/Surefire shape.
 *
 * One `<testsuite name="<suiteId>">` per suite, one `<testcase classname="<suiteId>"
 * name="<stepId>: <title>">` per request step (pauses are timing, not tests). Verdicts:
 * fail → `<failure>`, error → `<error>`, skip and n/a → `<skipped>`, warn → a passing test
 * with a `WARNING` in `<system-out>` (warnings do not fail a run; DESIGN.md core decision 4).
 * Counts are computed from the test cases written, so they always agree with the elements.
 */
import type { RunReport } from '../model/report.js';
import type { StepResult, SuiteResult } from '../model/result.js';
import { diagnosisLines, failedAssertions, isCheck } from './format.js';
import { xmlElement } from './xml.js';

/** Seconds with millisecond precision, as JUnit consumers expect. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Ant's timestamp form: ISO 8601 without fraction or zone (the value is UTC). */
function antTimestamp(iso: string): string | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 19);
}

function failureMessage(step: StepResult): string {
  if (step.reason !== undefined) return step.reason;
  const first = failedAssertions(step)[0];
  if (first !== undefined) return first.message ?? `${first.title} failed`;
  return step.verdict === 'error' ? 'could not be evaluated' : 'failed';
}

function outputLines(step: StepResult): string[] {
  const lines: string[] = [];
  if (step.verdict === 'warn') {
    lines.push(`WARNING (${step.level}): ${failureMessage(step)}`, ...diagnosisLines(step).filter((l) => !l.startsWith('Reason: ')));
  }
  for (const script of step.scripts) {
    if (script.logs.length > 0) lines.push(`Script log (${script.origin}):`, ...script.logs.map((l) => `  ${l}`));
  }
  return lines;
}

function testcase(suite: SuiteResult, step: StepResult): string {
  const children: string[] = [];
  const details = diagnosisLines(step).join('\n');
  switch (step.verdict) {
    case 'fail':
      children.push(xmlElement('failure', { message: failureMessage(step), type: `fail (${step.level})` }, { text: details }));
      break;
    case 'error':
      children.push(xmlElement('error', { message: failureMessage(step), type: step.exchange?.transportError?.code ?? 'error' }, { text: details }));
      break;
    case 'skip':
      children.push(xmlElement('skipped', { message: `skipped: ${step.reason ?? 'not run'}` }));
      break;
    case 'n/a':
      children.push(xmlElement('skipped', { message: `n/a: ${step.reason ?? 'not applicable'}` }));
      break;
    case 'pass':
    case 'warn':
      break;
  }
  const out = outputLines(step);
  if (out.length > 0) children.push(xmlElement('system-out', {}, { text: out.join('\n') }));
  return xmlElement('testcase', {
    classname: suite.suiteId,
    name: step.title === '' ? step.stepId : `${step.stepId}: ${step.title}`,
    time: seconds(step.durationMs),
  }, { children });
}

interface Tally {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
  readonly ms: number;
}

function tally(steps: readonly StepResult[]): Tally {
  const checks = steps.filter(isCheck);
  return {
    tests: checks.length,
    failures: checks.filter((s) => s.verdict === 'fail').length,
    errors: checks.filter((s) => s.verdict === 'error').length,
    skipped: checks.filter((s) => s.verdict === 'skip' || s.verdict === 'n/a').length,
    // Wall time of the suite, pauses included.
    ms: steps.reduce((sum, s) => sum + s.durationMs, 0),
  };
}

function counts(t: Tally): Record<string, string | number> {
  return { tests: t.tests, failures: t.failures, errors: t.errors, skipped: t.skipped, time: seconds(t.ms) };
}

function testsuite(report: RunReport, suite: SuiteResult, index: number): string {
  const entries: readonly (readonly [string, string | undefined])[] = [
    ['suite.name', suite.name],
    ['suite.source', suite.source.format],
    ['suite.verdict', suite.verdict],
    ['suite.runscopeVerdict', suite.runscopeVerdict],
    ['run.id', report.meta.runId],
    ['target.scimUrl', report.meta.target.scimUrl],
  ];
  const properties = xmlElement('properties', {}, {
    children: entries.flatMap(([name, value]) => (value === undefined ? [] : [xmlElement('property', { name, value })])),
  });
  const cases = suite.steps.filter(isCheck).map((step) => testcase(suite, step));
  const cleanup = suite.cleanup.map((c) => `${c.ok ? 'cleaned' : 'NOT CLEANED'}: ${c.title}${c.status !== undefined ? ` (HTTP ${c.status})` : ''}${c.message !== undefined ? ` — ${c.message}` : ''}`);
  const children = [properties, ...cases];
  if (cleanup.length > 0) children.push(xmlElement('system-out', {}, { text: `Cleanup:\n${cleanup.join('\n')}` }));
  return xmlElement('testsuite', {
    name: suite.suiteId,
    id: index,
    ...counts(tally(suite.steps)),
    timestamp: antTimestamp(suite.steps[0]?.startedAt ?? report.meta.startedAt),
  }, { children });
}

/** Renders the report as a JUnit XML document (UTF-8, XML 1.0). */
export function renderJunit(report: RunReport): string {
  const all = tally(report.suites.flatMap((s) => s.steps));
  const root = xmlElement('testsuites', {
    name: `${report.meta.tool.name} ${report.meta.runId}`,
    ...counts({ ...all, ms: report.meta.durationMs }),
    timestamp: antTimestamp(report.meta.startedAt),
  }, { children: report.suites.map((suite, i) => testsuite(report, suite, i)) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
