/**
 * `scim-conformance load` as a subprocess (the built CLI: run `npm run build` first): a run
 * against the reference server prints the figures and writes a valid RunReport with the
 * latency chart; bad input and a target off loopback are exit 2 naming the culprit, before
 * anything is sent.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { validateReport } from '../../src/report/report-schema.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { runCli } from '../helpers/cli.js';

const TOKEN = 'load-cli-secret-token';

describe('cli: scim-conformance load', function () {
  this.timeout(60_000);
  let server: ReferenceServer;
  let out: string;
  beforeEach(async () => {
    server = await startReferenceServer({ token: TOKEN });
    out = mkdtempSync(join(tmpdir(), 'load-cli-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('reports throughput and percentiles, writes a valid RunReport with a latency chart, and keeps the token out', async () => {
    const result = await runCli(['load', '--scim-url', server.baseUrl, '--duration', '1', '--concurrency', '4', '--out', out], { env: { SCIM_AUTH: `Bearer ${TOKEN}` } });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/traffic: okta \+ entra, \d+ requests, [\d.]+ 2xx\/s/).and.to.match(/latency: p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms/);
    const [runId] = readdirSync(out);
    const json = readFileSync(join(out, runId ?? '', 'report.json'), 'utf8');
    const validation = validateReport(JSON.parse(json));
    expect(validation.ok, validation.ok ? '' : validation.errors.join('; ')).to.equal(true);
    if (!validation.ok) return;
    expect(validation.report.load?.requests).to.be.greaterThan(0);
    expect(validation.report.suites[0]?.suiteId).to.equal('load');
    expect(readFileSync(join(out, runId ?? '', 'report.html'), 'utf8')).to.contain('class="latency-chart"');
    for (const text of [json, result.stdout, result.stderr]) expect(text).to.not.contain(TOKEN);
    expect(server.users()).to.have.length(0);
  });

  it('refuses a target off loopback without --i-own-this-target: exit 2 naming the flag, nothing written', async () => {
    const result = await runCli(['load', '--scim-url', 'https://scim.example.com/scim/v2', '--duration', '1', '--out', out], { env: { SCIM_AUTH: `Bearer ${TOKEN}` } });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('--i-own-this-target');
    expect(readdirSync(out)).to.deep.equal([]);
  });

  it('bad input is exit 2 naming it, before any request', async () => {
    const zero = await runCli(['load', '--scim-url', server.baseUrl, '--duration', '0', '--out', out], { env: { SCIM_AUTH: `Bearer ${TOKEN}` } });
    expect(zero.code).to.equal(2);
    expect(zero.stderr).to.contain('--duration');
    const noAuth = await runCli(['load', '--scim-url', server.baseUrl, '--out', out]);
    expect(noAuth.code).to.equal(2);
    expect(noAuth.stderr).to.contain('SCIMAuth (--scim-auth');
    expect(server.requests).to.have.length(0);
  });
});
