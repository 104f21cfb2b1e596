/**
 * Run lifecycle (src/engine/run-lifecycle.ts): durations, clamped server delays, the interrupt
 * grace period, the deadline, and what a stopped run reports — in process, against the
 * reference server behind a slow loopback proxy.
 */
import { expect } from 'chai';
import { formatDuration, isoTime, parseDuration } from '../../src/engine/duration.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { CLEANUP_REQUEST_TIMEOUT_MS, clampDelay, INTERRUPT_GRACE_MS, MAX_TIMER_MS, RunLifecycle, startStep } from '../../src/engine/run-lifecycle.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { defaultSleep } from '../../src/engine/suite-session.js';
import type { RunReport } from '../../src/model/report.js';
import { abortableSleep } from '../../src/okta/abortable-sleep.js';
import { OktaClient } from '../../src/okta/client.js';
import { oktaSpecSuite } from '../../suites/okta-spec.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import { startTarget } from '../helpers/http-target.js';
import { startSlowProxy } from '../helpers/slow-targets.js';
import { startTargets } from '../helpers/targets.js';

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: true, keepTestData: false } as const;

/** Collects the process warnings emitted while `body` runs (TimeoutOverflowWarning among them). */
async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (w: Error): void => { seen.push(`${w.name}: ${w.message}`); };
  process.on('warning', listener);
  try {
    await body();
    await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

/** Every request step of every suite has a verdict, and the counts add up to them. */
function expectEveryStepListed(report: RunReport): void {
  for (const suite of report.suites) {
    const defined = suite.suiteId === seedUserSuite.id ? seedUserSuite : oktaSpecSuite;
    expect(suite.steps.map((s) => s.stepId), suite.suiteId).to.deep.equal(defined.steps.map((s) => s.id));
    const requests = suite.steps.filter((s) => s.kind === 'request').length;
    expect(Object.values(suite.counts).reduce((a, b) => a + b, 0), `${suite.suiteId} counts`).to.equal(requests);
  }
  const total = report.suites.reduce((n, s) => n + s.steps.filter((x) => x.kind === 'request').length, 0);
  expect(Object.values(report.summary.counts).reduce((a, b) => a + b, 0), 'summary counts').to.equal(total);
}

describe('run lifecycle: durations, server delays, interrupt and deadline', function () {
  this.timeout(30_000);

  describe('--max-duration values', () => {
    const cases: [string, number | undefined][] = [
      ['45s', 45_000], ['5m', 300_000], ['300000', 300_000], ['250ms', 250], ['1.5h', 5_400_000], [' 10S ', 10_000],
      ['', undefined], ['abc', undefined], ['-5s', undefined], ['5 minutes', undefined], ['1e3', undefined], ['5d', undefined],
    ];
    for (const [text, ms] of cases) {
      it(`${JSON.stringify(text)} → ${ms ?? 'invalid'}`, () => expect(parseDuration(text)).to.equal(ms));
    }
    it('formats for reasons', () => {
      expect([250, 10_000, 45_500, 300_000, 5_400_000].map(formatDuration)).to.deep.equal(['250 ms', '10 s', '45.5 s', '5 min', '1.5 h']);
    });
    it('stamps times exactly as toISOString does, also across seconds and outside four-digit years', () => {
      const now = Date.now();
      const times = [0, 1, 999, 1_000, 1_614_834_367_089, 253_402_300_799_999, 253_402_300_800_000, -1, 1.5];
      for (let ms = now - 1_500; ms < now + 1_500; ms += 7) times.push(ms, now - (ms - now));
      for (const ms of times) expect(isoTime(ms), String(ms)).to.equal(new Date(ms).toISOString());
    });
  });

  describe('server-supplied delays never overflow a timer', () => {
    const cases: [number, number][] = [[1e26, MAX_TIMER_MS], [Infinity, MAX_TIMER_MS], [Number.NaN, 0], [-5, 0], [1500, 1500]];
    for (const [input, out] of cases) {
      it(`clampDelay(${input}) = ${out}`, () => expect(clampDelay(input)).to.equal(out));
    }
    it('clampDelay also clamps to a given budget', () => expect(clampDelay(1e26, 10_000)).to.equal(10_000));

    it('abortableSleep of a 10^23 s Retry-After waits (no TimeoutOverflowWarning, no tight loop) until cancelled', async () => {
      const warnings = await warningsDuring(async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(new Error('closing')), 150);
        const outcome = await abortableSleep(1e23 * 1000, controller.signal).then(() => 'resolved', (e: Error) => e.message);
        expect(outcome).to.equal('closing');
        expect(Date.now() - started).to.be.at.least(140);
      });
      expect(warnings).to.deep.equal([]);
    });

    it("the engine's sleep clamps too", async () => {
      const warnings = await warningsDuring(async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 100);
        await defaultSleep(controller.signal)(1e26);
        expect(Date.now() - started).to.be.at.least(90);
      });
      expect(warnings).to.deep.equal([]);
    });

    it('the Okta API client does not retry a 429 whose reset is 10^23 s away: one request, a rate-limited error, no warning', async () => {
      const target = await startTarget((_req, res) => {
        res.writeHead(429, { 'content-type': 'application/json', 'x-rate-limit-reset': '100000000000000000000000' });
        res.end('{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}');
      });
      try {
        const warnings = await warningsDuring(async () => {
          const client = new OktaClient({ orgUrl: target.url, token: 'secret-token' });
          const error = await client.getApp('0oa1').then(() => undefined, (e: Error) => e);
          expect(error?.message).to.match(/rate limit resets in more than a day, longer than the 60 s we wait/);
        });
        expect(warnings).to.deep.equal([]);
        expect(target.hits()).to.equal(1);
      } finally {
        await target.close();
      }
    });
  });

  describe('RunLifecycle', () => {
    it('an interrupt stops at once, aborts the request in flight after the grace period and a cleanup request under way after the cleanup bound', async () => {
      const controller = new AbortController();
      const lifecycle = new RunLifecycle({ signal: controller.signal });
      try {
        const t0 = Date.now();
        const aborted = new Promise<number>((resolve) => lifecycle.requests.addEventListener('abort', () => resolve(Date.now() - t0)));
        controller.abort();
        expect(lifecycle.stop.aborted).to.equal(true);
        expect(lifecycle.requests.aborted).to.equal(false);
        expect(lifecycle.interrupted).to.equal(true);
        expect(lifecycle.notRun()).to.deep.equal({ verdict: 'skip', reason: 'run interrupted' });
        const cleanupAborted = new Promise<number>((resolve) => lifecycle.cleanupRequests.addEventListener('abort', () => resolve(Date.now() - t0)));
        const after = await aborted;
        expect(after).to.be.within(INTERRUPT_GRACE_MS - 50, INTERRUPT_GRACE_MS + 500);
        expect(lifecycle.cleanupTimeoutMs(30_000)).to.equal(CLEANUP_REQUEST_TIMEOUT_MS);
        // A cleanup request already under way at the interrupt ends within the post-stop bound.
        expect(await cleanupAborted).to.be.within(CLEANUP_REQUEST_TIMEOUT_MS - 50, CLEANUP_REQUEST_TIMEOUT_MS + 500);
      } finally {
        lifecycle.dispose();
      }
    });

    it('the deadline stops at once and aborts the request in flight after the grace period; steps left are errors; the run is not "interrupted"', async () => {
      const lifecycle = new RunLifecycle({ maxDurationMs: 100 });
      try {
        expect(lifecycle.cleanupTimeoutMs(30_000), 'before it, a cleanup request may outlast it by 5 s at most').to.be.within(4_900, 5_100);
        expect(lifecycle.stepBudgetMs(5_000, 30_000)).to.be.at.most(100);
        await new Promise((resolve) => lifecycle.stop.addEventListener('abort', resolve));
        const stopped = Date.now();
        expect(lifecycle.requests.aborted).to.equal(false);
        expect(lifecycle.cause).to.equal('deadline');
        expect(lifecycle.interrupted).to.equal(false);
        expect(lifecycle.notRun()).to.deep.equal({ verdict: 'error', reason: 'run deadline reached (--max-duration 100 ms)' });
        expect(lifecycle.remainingMs()).to.equal(0);
        expect(lifecycle.cleanupTimeoutMs(30_000), 'cleanup after the deadline: 5 s a request').to.equal(CLEANUP_REQUEST_TIMEOUT_MS);
        await new Promise((resolve) => lifecycle.requests.addEventListener('abort', resolve));
        expect(Date.now() - stopped).to.be.within(INTERRUPT_GRACE_MS - 50, INTERRUPT_GRACE_MS + 500);
      } finally {
        lifecycle.dispose();
      }
    });

    it("a step's scope ends at its own budget, or with the run (the request then after the grace period)", async () => {
      const controller = new AbortController();
      const run = new RunLifecycle({ signal: controller.signal });
      try {
        const own = startStep(run, 50);
        await new Promise((resolve) => own.stop.addEventListener('abort', resolve));
        expect([own.requests.aborted, own.budgetSpent()]).to.deep.equal([true, true]);
        own.end();
        const unbounded = startStep(run, Infinity);
        controller.abort();
        expect([unbounded.stop.aborted, unbounded.requests.aborted, unbounded.budgetSpent()]).to.deep.equal([true, false, false]);
        unbounded.end();
      } finally {
        run.dispose();
      }
    });

    it("a step's signals made before the run stops follow it; an ended step's do not", async () => {
      const controller = new AbortController();
      const run = new RunLifecycle({ signal: controller.signal });
      try {
        const live = startStep(run, Infinity);
        const ended = startStep(run, Infinity);
        const [liveStop, liveRequests, endedStop] = [live.stop, live.requests, ended.stop];
        ended.end();
        controller.abort();
        expect([liveStop.aborted, liveRequests.aborted, endedStop.aborted]).to.deep.equal([true, false, false]);
        expect((liveStop.reason as Error).message).to.equal('run interrupted');
        // The request in flight is aborted after the grace period, with the run's reason.
        await new Promise((resolve) => liveRequests.addEventListener('abort', resolve));
        expect((liveRequests.reason as Error).message).to.equal('run interrupted');
        live.end();
      } finally {
        run.dispose();
      }
    });

    it("a step's request signal calls its abort listeners once, functions and handleEvent objects alike, and no removed or late one", async () => {
      const run = new RunLifecycle({});
      try {
        const scope = startStep(run, 20);
        const calls: string[] = [];
        const fn = (): void => { calls.push('function'); };
        const removed = (): void => { calls.push('removed'); };
        const object = { handleEvent: (): void => { calls.push('object'); } };
        scope.requests.addEventListener('abort', fn);
        scope.requests.addEventListener('abort', fn);
        scope.requests.addEventListener('abort', object);
        scope.requests.addEventListener('abort', removed);
        scope.requests.removeEventListener('abort', removed);
        expect(scope.requests.aborted).to.equal(false);
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(scope.requests.aborted).to.equal(true);
        expect((scope.requests.reason as Error).message).to.equal('step time budget spent');
        scope.requests.addEventListener('abort', () => calls.push('late'));
        expect(calls).to.deep.equal(['function', 'object']);
        scope.end();
      } finally {
        run.dispose();
      }
    });

    it('a step may take its read-back bound plus three request limits, unless the run has less left', () => {
      const free = new RunLifecycle();
      const bounded = new RunLifecycle({ maxDurationMs: 60_000 });
      try {
        expect(free.stepBudgetMs(5_000, 30_000)).to.equal(95_000);
        expect(bounded.stepBudgetMs(5_000, 30_000)).to.be.within(59_000, 60_000);
      } finally {
        free.dispose();
        bounded.dispose();
      }
    });
  });

  describe('a run that stops early lists every step, cleans up and says why (runPlan)', () => {
    async function runSlow(engine: { maxDurationMs?: number; signal?: AbortSignal }, seed = true): Promise<{ report: RunReport; users: number; ms: number }> {
      const targets = await startTargets();
      const slow = await startSlowProxy(targets.server.baseUrl, 250);
      const started = Date.now();
      try {
        const variables = { ...targets.variables, SCIMBaseURL: slow.baseUrl, SCIMUrl: slow.baseUrl };
        const report = await runPlan(
          { suites: seed ? [seedUserSuite, oktaSpecSuite] : [oktaSpecSuite], variables, secrets: ['auth', 'SCIMAuth'], grep: [] },
          { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5000, ...engine },
          { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
        );
        return { report, users: targets.server.users().length, ms: Date.now() - started };
      } finally {
        await slow.close();
        await targets.close();
      }
    }

    it('deadline: the steps left are errors "run deadline reached", the report is complete, nothing is left behind', async () => {
      // okta-spec alone: its first steps are plain reads, so some run before the deadline.
      const { report, users, ms } = await runSlow({ maxDurationMs: 2_000 }, false);
      expectEveryStepListed(report);
      expect(report.complete).to.equal(true);
      const spec = report.suites.find((s) => s.suiteId === oktaSpecSuite.id)!;
      const requests = spec.steps.filter((s) => s.kind === 'request');
      expect(requests.filter((s) => s.verdict !== 'error' && s.verdict !== 'skip').length, 'some steps ran').to.be.greaterThan(0);
      const late = requests.filter((s) => s.verdict === 'error');
      expect(late.length, 'some steps were cut').to.be.greaterThan(0);
      for (const s of late) expect(s.reason).to.match(/^run deadline reached \(--max-duration 2 s\)/);
      expect(requests.some((s) => s.verdict === 'skip' && s.reason === 'run interrupted'), 'a deadline is not an interrupt').to.equal(false);
      expect(users, 'what the run created is deleted').to.equal(0);
      expect(ms, 'deadline plus a bounded cleanup').to.be.below(2_000 + 3_000);
    });

    it('interrupt: the request in flight gets 2 s, steps not run are skip "run interrupted", the report is incomplete', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1_200);
      const { report, users } = await runSlow({ signal: controller.signal });
      expectEveryStepListed(report);
      expect(report.complete).to.equal(false);
      const spec = report.suites.find((s) => s.suiteId === oktaSpecSuite.id)!;
      const skipped = spec.steps.filter((s) => s.kind === 'request' && s.verdict === 'skip');
      expect(skipped.length).to.be.greaterThan(0);
      for (const s of skipped) expect(s.reason).to.equal('run interrupted');
      expect(report.summary.counts.skip).to.equal(skipped.length);
      expect(users, 'what the run created is deleted').to.equal(0);
    });
  });
});
