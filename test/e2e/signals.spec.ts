/**
 * Signals end a run the same way (issue 14 item 1, issue 15 items 4–5): SIGINT, SIGTERM and
 * SIGHUP stop sending, abort the request in flight after 2 s, clean up, write a report marked
 * `complete: false` that lists every step, and exit 4; a second signal exits at once. The CLI
 * runs as a subprocess (dist/: `npm run build` first) against real loopback servers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import { BIN } from '../helpers/cli.js';
import { startHungServer, startSlowProxy, type SlowTarget } from '../helpers/slow-targets.js';
import { REFERENCE_AUTH, startTargets, type Targets } from '../helpers/targets.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'scim-conformance-signals-'));

interface Child {
  readonly process: ChildProcess;
  readonly startedAt: number;
  readonly exited: Promise<{ code: number | null; at: number }>;
  readonly stderr: () => string;
}

function startRun(args: readonly string[]): Child {
  const child = spawn(process.execPath, [BIN, 'run', ...args, '--reporter', 'none'], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('close', (code) => resolve({ code, at: Date.now() })));
  return { process: child, startedAt: Date.now(), exited, stderr: () => stderr };
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
}

function readReport(out: string): RunReport {
  const runDir = readdirSync(out)[0]!;
  return JSON.parse(readFileSync(join(out, runDir, 'report.json'), 'utf8')) as RunReport;
}

const requestSteps = (report: RunReport): StepResult[] => report.suites.flatMap((s) => s.steps.filter((x) => x.kind === 'request'));

/** Counts that add up, per suite and overall: every step of every selected suite is listed. */
function expectHonestCounts(report: RunReport, expectedSteps: Readonly<Record<string, number>>): void {
  for (const suite of report.suites) {
    const requests = suite.steps.filter((s) => s.kind === 'request').length;
    if (expectedSteps[suite.suiteId] !== undefined) expect(requests, `${suite.suiteId} lists every step`).to.equal(expectedSteps[suite.suiteId]);
    expect(Object.values(suite.counts).reduce((a, b) => a + b, 0), `${suite.suiteId} counts`).to.equal(requests);
  }
  expect(Object.values(report.summary.counts).reduce((a, b) => a + b, 0)).to.equal(requestSteps(report).length);
}

describe('signals: SIGINT, SIGTERM and SIGHUP stop a run cleanly', function () {
  this.timeout(60_000);
  let targets: Targets;
  let slow: SlowTarget;
  let specSteps: number;
  before(async () => {
    targets = await startTargets();
    // Every answer 300 ms late: the run is still going one second in.
    slow = await startSlowProxy(targets.server.baseUrl, 300);
    const { oktaSpecSuite } = await import('../../suites/okta-spec.js');
    specSteps = oktaSpecSuite.steps.filter((s) => s.kind === 'request').length;
  });
  after(async () => {
    await slow.close();
    await targets.close();
  });

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    it(`${signal} one second into a run (a user created): report marked incomplete listing every step, no test user behind, exit 4`, async () => {
      targets.server.clearRequests();
      const out = tempDir();
      const child = startRun(['okta-spec', '--seed-user', '--scim-url', slow.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', out]);
      await waitFor(() => Date.now() - child.startedAt >= 1_000 && targets.server.requests.some((q) => q.method === 'POST' && q.status === 201), 20_000);
      expect(targets.server.users().length, 'the run had created a user').to.be.greaterThan(0);
      const signalled = Date.now();
      child.process.kill(signal);
      const { code, at } = await child.exited;
      expect(code, child.stderr()).to.equal(4);
      // 2 s grace for the request in flight, then the cleanup (bounded: 5 s a request, 10 s in all).
      expect(at - signalled, 'stops within the grace period plus cleanup').to.be.below(12_000);
      expect(child.stderr()).to.include(`interrupted (${signal})`);
      expect(targets.server.users(), 'every user the run created was deleted').to.have.length(0);
      const report = readReport(out);
      expect(report.complete).to.equal(false);
      expect(report.summary.line).to.match(/incomplete$/);
      expectHonestCounts(report, { 'okta-spec': specSteps });
      const notRun = requestSteps(report).filter((s) => s.verdict === 'skip');
      expect(notRun.length, 'steps after the signal are listed').to.be.greaterThan(0);
      for (const s of notRun) expect(s.reason).to.equal('run interrupted');
      expect(report.summary.counts.skip).to.equal(notRun.length);
      expect(report.suites.flatMap((s) => s.cleanup).every((c) => c.ok), JSON.stringify(report.suites.map((s) => s.cleanup))).to.equal(true);
    });
  }

  it('a second signal exits at once', async () => {
    const hung = await startHungServer();
    try {
      const child = startRun(['okta-spec', '--scim-url', hung.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', tempDir()]);
      await waitFor(() => hung.received().length > 0, 10_000);
      child.process.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      const second = Date.now();
      child.process.kill('SIGTERM');
      const { code, at } = await child.exited;
      expect(code).to.equal(143);
      expect(at - second).to.be.below(1_000);
    } finally {
      await hung.close();
    }
  });

  it('Ctrl-C against a server that never answers (default --timeout 30 s): exits within 10 s, the request in flight is an error "interrupted", every other step is listed', async () => {
    const hung = await startHungServer();
    try {
      const out = tempDir();
      const child = startRun(['okta-spec', '--scim-url', hung.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', out]);
      await waitFor(() => hung.received().length > 0, 10_000);
      await new Promise((r) => setTimeout(r, 500));
      const signalled = Date.now();
      child.process.kill('SIGINT');
      const { code, at } = await child.exited;
      expect(code, child.stderr()).to.equal(4);
      expect(at - signalled).to.be.below(10_000);
      const report = readReport(out);
      expect(report.complete).to.equal(false);
      expectHonestCounts(report, { 'okta-spec': specSteps });
      const steps = requestSteps(report);
      expect(steps[0]!.verdict).to.equal('error');
      expect(steps[0]!.reason).to.match(/^interrupted: the request in flight was aborted 2 s after the interrupt/);
      for (const s of steps.slice(1)) expect([s.verdict, s.reason]).to.deep.equal(['skip', 'run interrupted']);
      expect(hung.received(), 'nothing was sent after the interrupt').to.have.length(1);
    } finally {
      await hung.close();
    }
  });

  it('Ctrl-C during capability discovery (default suites, a server that never answers): every step of every suite is skip "run interrupted"', async () => {
    const hung = await startHungServer();
    try {
      const out = tempDir();
      const child = startRun(['--scim-url', hung.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', out]);
      await waitFor(() => hung.received().some((q) => q.path.endsWith('/ServiceProviderConfig')), 10_000);
      const signalled = Date.now();
      child.process.kill('SIGINT');
      const { code, at } = await child.exited;
      expect(code, child.stderr()).to.equal(4);
      expect(at - signalled).to.be.below(10_000);
      const report = readReport(out);
      expect(report.complete).to.equal(false);
      expect(report.suites.length).to.equal(report.meta.suites.length);
      expectHonestCounts(report, {});
      const steps = requestSteps(report);
      expect(steps.length).to.be.greaterThan(50);
      const selected = steps.filter((s) => s.reason !== 'not selected');
      for (const s of selected) expect([s.stepId, s.verdict, s.reason]).to.deep.equal([s.stepId, 'skip', 'run interrupted']);
      expect(report.summary.counts.skip).to.equal(steps.length);
      expect(hung.received().map((q) => q.path), 'only discovery was sent').to.deep.equal([hung.received()[0]!.path]);
    } finally {
      await hung.close();
    }
  });
});
