/**
 * Mocha hosts the run (DESIGN.md core decision 12): the plan becomes mocha suites and tests,
 * so users get mocha's familiar output (and mochawesome's HTML when asked), while our
 * collector — not mocha's stats — builds the RunReport (mocha has no warn / n/a / error).
 * Progress goes to stderr so `--format json` keeps stdout for the report.
 */
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import type { RunReport } from '../model/report.js';
import type { StepResult, SuiteResult } from '../model/result.js';
import type { Step } from '../model/suite.js';
import { buildReport } from '../engine/build-report.js';
import type { EngineOptions } from '../engine/options.js';
import type { Plan, RunContextInfo } from '../engine/run-plan.js';
import { createSessions, isSetupSuite, newRunId, runMetadata, startLifecycle, withFeatures } from '../engine/run-plan.js';
import type { RunLifecycle } from '../engine/run-lifecycle.js';
import type { SuiteSession } from '../engine/suite-session.js';
import { terminalLine, terminalText } from '../report/printable.js';

export interface MochaHostOptions {
  /** A mocha reporter name (`spec`, `dot`, `mochawesome`, …) or `none`. */
  readonly reporter: string;
  readonly reporterOptions?: Readonly<Record<string, unknown>>;
  /** The run's report directory: mochawesome writes its HTML and JSON under `mochawesome/` there. */
  readonly runDir?: string;
  /** Where reporter output goes (stderr by default). */
  readonly write?: (text: string) => void;
}

/**
 * The failure mocha shows: requirement, expected, actual and the fix, without a stack. Every
 * value is one terminal-safe line (issue 15): server text cannot clear the screen, set the
 * window title or add lines of its own.
 */
export class StepFailedError extends Error {
  constructor(result: StepResult) {
    const bad = result.assertions.filter((a) => a.verdict === 'fail' || a.verdict === 'error');
    const lines = [
      `${result.verdict.toUpperCase()}: ${terminalLine(result.reason ?? 'failed')}`,
      result.requirement ? `Requirement: ${terminalLine(result.requirement)}` : '',
      ...bad.slice(0, 5).map((a) => `  ✗ ${terminalLine(a.title)}\n    Expected: ${terminalLine(a.expected ?? '(no value)')}\n    Actual:   ${terminalLine(JSON.stringify(a.actual)?.slice(0, 300) ?? '(none)')}`),
      result.fix ? `Fix: ${terminalLine(result.fix)}` : '',
      `Refs: ${result.refs.join(', ')}${result.client !== undefined ? ` (${result.client === 'rfc' ? 'an RFC rule every client relies on' : `a rule of ${result.client === 'interop' ? 'the SCIM interoperability profile' : result.client === 'okta' ? 'Okta' : 'Entra'}`})` : ''}`,
    ].filter(Boolean);
    super(lines.join('\n'));
    this.name = result.verdict === 'error' ? 'StepError' : 'StepFailed';
    this.stack = this.message;
  }
}

/** The test title with the reason of a warn, n/a or skip: one terminal-safe line (reporters print titles directly). */
function decorate(title: string, r: StepResult): string {
  if (r.verdict === 'warn') return `${title} [warning: ${terminalLine(r.reason ?? '')}]`;
  if (r.verdict === 'n/a') return `${title} [n/a: ${terminalLine(r.reason ?? '')}]`;
  if (r.verdict === 'skip') return `${title} [skipped: ${terminalLine(r.reason ?? '')}]`;
  return title;
}

/** Adds one mocha suite per session under `parent`; `collect` receives each SuiteResult. */
export function registerSessions(parent: Mocha.Suite, sessions: readonly SuiteSession[], collect: (r: SuiteResult) => void): void {
  for (const session of sessions) {
    const client = session.suite.client === undefined ? '' : `; ${session.suite.client} rules`;
    const suite = Mocha.Suite.create(parent, `${session.suite.name} (${session.suite.id}${client})`);
    let pending: Step[] = [];
    for (const step of session.suite.steps) {
      if (step.kind === 'pause') {
        pending.push(step);
        continue;
      }
      const pauses = pending;
      pending = [];
      suite.addTest(new Mocha.Test(`${step.id}: ${step.title}`, async function (this: Mocha.Context) {
        for (const p of pauses) await session.runStep(p);
        const result = await session.runStep(step);
        if (this.test) this.test.title = decorate(this.test.title, result);
        if (result.verdict === 'fail' || result.verdict === 'error') throw new StepFailedError(result);
        if (result.verdict === 'skip' || result.verdict === 'n/a') this.skip();
      }));
    }
    const trailing = pending;
    const done = async (): Promise<void> => {
      for (const p of trailing) await session.runStep(p);
      collect(await session.finish());
    };
    // Setup suites (seed data) are undone only after every other suite has run.
    if (isSetupSuite(session.suite)) parent.afterAll(done);
    else suite.afterAll(done);
  }
}

/** Cursor moves mocha's reporters write on their own (Base.cursor): not progress text. */
const MOCHA_CURSOR_MOVES = new Set(['\u001b[2K', '\u001b[0G', '\u001b[?25l', '\u001b[?25h']);

/**
 * Reporters such as dot and list write progress to process.stdout themselves. During the run
 * that goes where the rest of the progress goes (`write`, stderr by default), so `--format json`
 * keeps stdout for the report, and it is made terminal-safe like every other line (issue 15).
 * Mocha's own cursor moves are left out, and its bare carriage return becomes a line break.
 */
function progressWriter(write: (text: string) => void): typeof process.stdout.write {
  return ((chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text === '\r') write('\n');
    else if (!MOCHA_CURSOR_MOVES.has(text)) write(terminalText(text));
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
}

/** Runs the plan inside mocha and returns our RunReport. */
export async function runPlanWithMocha(plan: Plan, engine: EngineOptions, givenInfo: RunContextInfo, host: MochaHostOptions): Promise<RunReport> {
  const started = new Date();
  // Interrupt, deadline and budgets of this run (engine/run-lifecycle.ts).
  const lifecycle = startLifecycle(engine);
  try {
    return await runWithLifecycle(plan, engine, givenInfo, host, started, lifecycle);
  } finally {
    lifecycle.dispose();
  }
}

async function runWithLifecycle(
  plan: Plan, engine: EngineOptions, givenInfo: RunContextInfo, host: MochaHostOptions, started: Date, lifecycle: RunLifecycle,
): Promise<RunReport> {
  const info = await withFeatures(plan, engine, givenInfo, lifecycle);
  const runId = info.runId ?? newRunId(started);
  const results: SuiteResult[] = [];
  const sessions = createSessions(plan, engine, info, lifecycle);
  const silent = host.reporter === 'none';
  const mocha = new Mocha({
    reporter: silent ? class { constructor() { /* silent */ } } as unknown as string : host.reporter,
    reporterOptions: host.reporter === 'mochawesome' && host.runDir
      ? { reportDir: join(host.runDir, 'mochawesome'), quiet: true, inline: true, ...host.reporterOptions }
      : host.reporterOptions ?? {},
    timeout: 0,
    color: false,
  });
  registerSessions(mocha.suite, sessions, (r) => results.push(r));
  const write = host.write ?? ((text: string) => process.stderr.write(text));
  // The deadline is announced like an interrupt is (cli/main.ts), so a CI log says why the run ended.
  const announce = (): void => {
    if (lifecycle.cause === 'deadline') write(`\n${lifecycle.deadlineReason()}: stopping, cleaning up test data, then writing the report…\n`);
  };
  if (lifecycle.stop.aborted) announce();
  else lifecycle.stop.addEventListener('abort', announce, { once: true });
  const Base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const saved = Base.consoleLog;
  // Mocha's progress and failure lines: nothing a server sent acts on the terminal (issue 15).
  Base.consoleLog = (...args: unknown[]) => write(`${terminalText(format(...args))}\n`);
  const savedStdoutWrite = process.stdout.write;
  process.stdout.write = progressWriter(write);
  try {
    // Stopped already (interrupt or deadline during discovery): no test to show; the sessions
    // below list every step as not run.
    if (!lifecycle.stop.aborted) {
      await new Promise<void>((resolve) => {
        const runner = mocha.run(() => resolve());
        // Mocha lets the current test end (its request is aborted by the lifecycle), then runs
        // the afterAll hooks (cleanup) and starts no further test.
        lifecycle.stop.addEventListener('abort', () => runner.abort(), { once: true });
      });
    }
  } finally {
    Base.consoleLog = saved;
    process.stdout.write = savedStdoutWrite;
    mocha.dispose();
  }
  // A session mocha never finished (stopped run) still runs its cleanup; setup suites last.
  const unfinished = sessions.filter((s) => !results.some((r) => r.suiteId === s.suite.id));
  for (const session of [...unfinished.filter((s) => !isSetupSuite(s.suite)), ...unfinished.filter((s) => isSetupSuite(s.suite))]) {
    results.push(await session.finish());
  }
  const order = sessions.map((s) => s.suite.id);
  results.sort((a, b) => order.indexOf(a.suiteId) - order.indexOf(b.suiteId));
  // A run that hit its deadline is complete (every step has a verdict); an interrupted one is not.
  const report = buildReport(runMetadata(info, plan, runId, started, new Date()), results, !lifecycle.interrupted);
  info.emit?.({ kind: 'run:end', report });
  return report;
}
