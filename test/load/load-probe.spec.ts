/**
 * The load probe (issue 10 item 5) against the real reference server over loopback: the
 * correct server passes with figures and a valid RunReport; a rate-limited server, one whose
 * 429s lack Retry-After and one that drops acknowledged creates are each caught; a target off
 * loopback is refused before anything is sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadCommand, isLoopbackHost } from '../../src/cli/load-command.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { buildLoadReport } from '../../src/load/load-report.js';
import { percentiles } from '../../src/load/latency-stats.js';
import { oktaRetryWait } from '../../src/load/retry-after.js';
import { LOAD_PASSWORD_SECRET } from '../../src/load/idp-traffic.js';
import { runLoad, type LoadOptions } from '../../src/load/run-load.js';
import type { RunReport } from '../../src/model/report.js';
import { isKnownSpecRef } from '../../src/model/spec-ref.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { validateReport } from '../../src/report/report-schema.js';
import { startReferenceServer, type ReferenceServerOptions } from '../../src/reference-server/index.js';

const TOKEN = 'load-probe-token';

async function probe(server: ReferenceServerOptions, overrides: Partial<LoadOptions> = {}): Promise<{ report: RunReport; usersLeft: number; groupsLeft: number }> {
  const target = await startReferenceServer({ token: TOKEN, ...server });
  try {
    const options: LoadOptions = {
      baseUrl: target.baseUrl, authorization: `Bearer ${TOKEN}`, durationMs: 1200, concurrency: 4,
      clients: ['okta', 'entra'], timeoutMs: 10_000, namePrefix: 'scim-conformance-load-test', ...overrides,
    };
    const outcome = await runLoad(options);
    const now = new Date().toISOString();
    const report = buildLoadReport({
      runId: 'load-test-1', tool: { name: 'scim-conformance', version: 'test' }, node: process.version, startedAt: now, finishedAt: now,
      durationMs: 1, target: { scimUrl: target.baseUrl }, suites: ['load'],
      options: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 10_000, seedUser: false, keepTestData: false },
      features: {},
    }, options, outcome, true);
    return { report, usersLeft: target.users().length, groupsLeft: target.groups().length };
  } finally {
    await target.close();
  }
}

const verdicts = (report: RunReport): Record<string, string> =>
  Object.fromEntries((report.suites[0]?.steps ?? []).map((s) => [s.stepId, s.verdict]));

describe('load probe', function () {
  this.timeout(30_000);

  it('against the correct reference server: throughput, percentiles, every check passes, a valid RunReport, nothing left behind', async () => {
    const { report, usersLeft, groupsLeft } = await probe({});
    const load = report.load;
    expect(load).to.not.equal(undefined);
    if (load === undefined) return;
    expect(load.requests).to.be.greaterThan(20);
    expect(load.throughputPerSecond).to.be.greaterThan(0);
    expect(load.latencyMs.p50).to.be.greaterThan(0);
    expect(load.latencyMs.p50).to.be.at.most(load.latencyMs.p90);
    expect(load.latencyMs.p90).to.be.at.most(load.latencyMs.p99);
    expect(load.latencyMs.p99).to.be.at.most(load.latencyMs.max);
    expect(load.errors).to.equal(0);
    expect(load.usersVerified).to.equal(load.usersCreated);
    expect(load.operations.map((o) => `${o.client}/${o.operation}`)).to.include.members(['okta/create', 'okta/update', 'entra/group-add', 'entra/deactivate']);
    expect(verdicts(report)).to.deep.equal({
      'load/throughput-entra-minimum': 'pass',
      'load/no-errors-under-load': 'pass',
      'load/rate-limit-sends-retry-after': 'n/a',
      'load/retry-after-is-enough': 'n/a',
      'load/latency-within-okta-timeout': 'pass',
      'load/created-users-read-back': 'pass',
    });
    const validation = validateReport(JSON.parse(JSON.stringify(report)));
    expect(validation.ok, validation.ok ? '' : validation.errors.join('; ')).to.equal(true);
    expect(usersLeft).to.equal(0);
    expect(groupsLeft).to.equal(0);
    const page = renderHtml(report);
    expect(page).to.contain('class="latency-chart"').and.to.contain('id="load"');
    expect(renderJunit(report)).to.contain('load/created-users-read-back');
    expect(JSON.stringify(report)).to.not.contain(TOKEN);
    // Every judgement cites its source, states the requirement and says how to fix a failure.
    for (const step of report.suites[0]?.steps ?? []) {
      expect(step.refs.length, step.stepId).to.be.greaterThan(0);
      for (const ref of step.refs) expect(isKnownSpecRef(ref), ref).to.equal(true);
      expect(step.requirement, step.stepId).to.be.a('string').and.not.equal('');
      expect(step.fix, step.stepId).to.be.a('string').and.not.equal('');
    }
  });

  it('a server rate-limited below 25/s: Retry-After is honoured, and the Entra minimum fails', async () => {
    const { report } = await probe({ load: { rateLimit: { requestsPerSecond: 10, retryAfter: 1 } } });
    expect(report.load?.rateLimited).to.be.greaterThan(0);
    expect(report.load?.retryAfterWaitedMs).to.be.greaterThan(0);
    const v = verdicts(report);
    expect(v['load/throughput-entra-minimum']).to.equal('fail');
    expect(v['load/rate-limit-sends-retry-after']).to.equal('pass');
    expect(v['load/no-errors-under-load']).to.equal('pass');
    // A 429 on the read-back is waited out, not mistaken for a lost write.
    expect(v['load/created-users-read-back']).to.equal('pass');
  });

  it('429 without Retry-After is caught (Okta would wait 5 minutes), and the wait is clamped to --duration', async () => {
    const started = Date.now();
    const { report } = await probe({ load: { rateLimit: { requestsPerSecond: 10, retryAfter: 'missing' } } });
    expect(Date.now() - started).to.be.below(15_000);
    expect(verdicts(report)['load/rate-limit-sends-retry-after']).to.equal('warn');
  });

  it('a Retry-After that is not enough (0 s while still limited) is caught: requests exhaust Okta\'s 10 attempts', async () => {
    const { report } = await probe({ load: { rateLimit: { requestsPerSecond: 3, retryAfter: 0 } } });
    const v = verdicts(report);
    expect(v['load/rate-limit-sends-retry-after']).to.equal('pass');
    expect(v['load/retry-after-is-enough']).to.equal('warn');
  });

  it('a server slower than the timeout is caught', async () => {
    const { report } = await probe({ load: { delayMs: 400 } }, { timeoutMs: 150, durationMs: 800 });
    const step = report.suites[0]?.steps.find((s) => s.stepId === 'load/latency-within-okta-timeout');
    expect(step?.verdict).to.equal('fail');
    expect(step?.reason).to.contain('--timeout 150 ms');
  });

  it('a server that drops acknowledged creates is caught by the read-back', async () => {
    const { report } = await probe({ load: { losesEveryNthCreate: 3 } });
    const step = report.suites[0]?.steps.find((s) => s.stepId === 'load/created-users-read-back');
    expect(step?.verdict).to.equal('fail');
    expect(step?.reason).to.match(/lost, e\.g\. .*GET answered 404/);
    // The journeys' later requests for a dropped user (Okta's GET, Entra's PATCH) are 404s.
    expect(verdicts(report)['load/no-errors-under-load']).to.equal('fail');
  });

  it('test passwords are secrets: a server echoing the create body in its error leaves no password in the kept exchanges', async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        res.writeHead(req.method === 'POST' ? 400 : 200, { 'content-type': 'application/scim+json' });
        res.end(req.method === 'POST'
          ? JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail: `refused ${body}` })
          : JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const outcome = await runLoad({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`, authorization: `Bearer ${TOKEN}`, durationMs: 300,
        concurrency: 2, clients: ['okta'], timeoutMs: 5_000, namePrefix: 'scim-conformance-load-test',
      });
      const create = outcome.samplesKept.find((k) => k.label.startsWith('create (okta)'));
      expect(create, outcome.samplesKept.map((k) => k.label).join(', ')).to.not.equal(undefined);
      const text = JSON.stringify(outcome);
      expect(create?.exchange.request.body?.text).to.match(/"password":"Lp-\d+-‹redacted›"/);
      expect(text).to.not.include(LOAD_PASSWORD_SECRET);
      expect(create?.exchange.response?.body.text).to.include('‹redacted›');
    } finally {
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    }
  });

  it('an interrupt ends the traffic at once: nothing it aborted counts as an error, and everything is cleaned up', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const started = Date.now();
    const { report, usersLeft, groupsLeft } = await probe({}, { durationMs: 20_000, signal: controller.signal });
    expect(Date.now() - started).to.be.below(8_000);
    expect(report.load?.errors).to.equal(0);
    expect(usersLeft).to.equal(0);
    expect(groupsLeft).to.equal(0);
  });

  it('refuses a target off loopback without --i-own-this-target (exit 2, naming the flag) before anything is sent', async () => {
    const out = mkdtempSync(join(tmpdir(), 'load-refusal-'));
    try {
      const args = { scimUrl: 'https://scim.example.invalid/scim/v2', scimAuth: 'Bearer x-token', duration: 1, concurrency: 1, client: 'okta', timeout: 1000, out, format: 'text', strict: false, iOwnThisTarget: false } as const;
      let error: unknown;
      try { await loadCommand(args, { stdout: () => {}, stderr: () => {}, env: {} }); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(UsageError);
      expect((error as UsageError).exitCode).to.equal(2);
      expect((error as UsageError).message).to.contain('--i-own-this-target');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.3.4.5']) expect(isLoopbackHost(host), host).to.equal(true);
    for (const host of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.example.com']) expect(isLoopbackHost(host), host).to.equal(false);
  });

  it('percentiles are nearest-rank, and Retry-After follows Okta\'s rule', () => {
    expect(percentiles([5, 1, 4, 2, 3])).to.deep.equal({ p50: 3, p90: 5, p99: 5, max: 5 });
    expect(percentiles([])).to.deep.equal({ p50: 0, p90: 0, p99: 0, max: 0 });
    expect(oktaRetryWait('3', 0)).to.deep.equal({ waitMs: 3000, honoured: true });
    expect(oktaRetryWait(undefined, 0)).to.deep.equal({ waitMs: 300_000, honoured: false });
    expect(oktaRetryWait('Wed, 21 Oct 2015 07:28:00 GMT', 1)).to.deep.equal({ waitMs: 600_000, honoured: false });
  });
});
