/**
 * Bounded runs (issue 14 item 4): `--max-duration` (flag, environment, config file) bounds the
 * whole run; the steps left when it is spent are `error` ("run deadline reached"), cleanup
 * still runs with its own small bound, every artifact is written and valid, exit 4. A server's
 * absurd `Retry-After` never reaches a timer unclamped. The CLI runs as a subprocess (dist/:
 * `npm run build` first) against real loopback servers.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { verifyIntegrity } from '../../src/report/integrity.js';
import { validateReport } from '../../src/report/report-schema.js';
import { runCli } from '../helpers/cli.js';
import { startSlowProxy } from '../helpers/slow-targets.js';
import { REFERENCE_AUTH, startTargets } from '../helpers/targets.js';
import { descendants, parseXml } from '../report/xml-check.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'scim-conformance-deadline-'));

/** report.json (schema-valid, integrity intact), report.html and junit.xml (well-formed) of the one run in `out`. */
function readArtifacts(out: string): { report: RunReport; junitCases: number } {
  const runDir = join(out, readdirSync(out)[0]!);
  const json: unknown = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8'));
  const validation = validateReport(json);
  expect(validation.ok, validation.ok ? '' : validation.errors.join('\n')).to.equal(true);
  const report = json as RunReport;
  expect(verifyIntegrity(report), 'integrity').to.equal(true);
  expect(readFileSync(join(runDir, 'report.html'), 'utf8')).to.match(/^<!doctype html>/i);
  const junit = parseXml(readFileSync(join(runDir, 'junit.xml'), 'utf8'));
  return { report, junitCases: descendants(junit, 'testcase').length };
}

describe('--max-duration: bounded runs', function () {
  this.timeout(90_000);

  it('a server answering everything correctly but in 2 s, with --max-duration 10s: ends in about 10 s, the steps left are errors, every artifact valid, exit 4', async () => {
    const targets = await startTargets();
    const slow = await startSlowProxy(targets.server.baseUrl, 2_000);
    try {
      const out = tempDir();
      const started = Date.now();
      const r = await runCli(['run', '--scim-url', slow.baseUrl, '--scim-auth', REFERENCE_AUTH, '--max-duration', '10s', '--out', out, '--reporter', 'none'], { timeoutMs: 60_000 });
      const elapsed = Date.now() - started;
      expect(r.code, r.stderr).to.equal(4);
      expect(r.stderr, 'the log says why the run ended').to.include('run deadline reached (--max-duration 10 s): stopping');
      // 10 s of run, then at most 10 s of cleanup (5 s a request), plus start-up.
      expect(elapsed, 'bounded').to.be.below(23_000);
      const { report, junitCases } = readArtifacts(out);
      expect(report.complete, 'every step has a verdict: the report is complete').to.equal(true);
      expect(report.meta.durationMs).to.be.within(9_000, 22_000);
      const steps = report.suites.flatMap((s) => s.steps.filter((x) => x.kind === 'request'));
      expect(junitCases).to.equal(steps.length);
      const late = steps.filter((s) => s.reason?.startsWith('run deadline reached (--max-duration 10 s)'));
      expect(late.length, 'steps left are errors').to.be.greaterThan(10);
      for (const s of late) expect(s.verdict).to.equal('error');
      expect(steps.some((s) => s.verdict === 'pass'), 'steps before the deadline ran').to.equal(true);
      for (const suite of report.suites) {
        expect(Object.values(suite.counts).reduce((a, b) => a + b, 0)).to.equal(suite.steps.filter((s) => s.kind === 'request').length);
      }
      expect(report.summary.line).to.match(/^ERROR /);
    } finally {
      await slow.close();
      await targets.close();
    }
  });

  it('a 429 with Retry-After: 10^23 s to the Okta org emulator: no TimeoutOverflowWarning, no retry loop, the run ends at its deadline', async () => {
    const targets = await startTargets();
    // Creating users is refused with an absurd delay; everything else is the reference server.
    const limited = await startSlowProxy(targets.server.baseUrl, 0, (method, path) => (method === 'POST' && path.split('?')[0]!.endsWith('/Users')
      ? { status: 429, headers: { 'content-type': 'application/scim+json', 'retry-after': '100000000000000000000000' }, body: '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"429","detail":"slow down"}' }
      : undefined));
    try {
      const out = tempDir();
      const started = Date.now();
      const r = await runCli(['run', 'okta-crud', '--scim-url', limited.baseUrl, '--scim-auth', REFERENCE_AUTH, '--max-duration', '8s', '--out', out, '--reporter', 'none'], { timeoutMs: 60_000 });
      const elapsed = Date.now() - started;
      expect(r.stderr).not.to.include('TimeoutOverflowWarning');
      expect(r.code, r.stderr).to.be.oneOf([1, 4]);
      expect(elapsed).to.be.below(8_000 + 12_000);
      const posts = limited.received().filter((q) => q.method === 'POST' && q.path.split('?')[0]!.endsWith('/Users'));
      expect(posts, 'the emulator waits instead of retrying in a loop').to.have.length(1);
      const { report } = readArtifacts(out);
      expect(report.complete).to.equal(true);
      const steps = report.suites.flatMap((s) => s.steps.filter((x) => x.kind === 'request'));
      expect(steps.some((s) => s.reason?.startsWith('run deadline reached (--max-duration 8 s)'))).to.equal(true);
    } finally {
      await limited.close();
      await targets.close();
    }
  });

  describe('an unusable --max-duration is exit 2 naming where it came from, before any request', () => {
    const cases: [string, string[], Record<string, string>, string | undefined, RegExp][] = [
      ['flag', ['--max-duration', 'soon'], {}, undefined, /--max-duration "soon" is not a usable duration/],
      ['flag zero', ['--max-duration', '0s'], {}, undefined, /--max-duration "0s" is not a usable duration/],
      ['environment', [], { SCIM_CONFORMANCE_MAX_DURATION: '5 minutes' }, undefined, /SCIM_CONFORMANCE_MAX_DURATION "5 minutes" is not a usable duration/],
      ['config file', [], {}, '{"maxDuration":"-1m"}', /maxDuration in the --config file "-1m" is not a usable duration/],
      ['config file type', [], {}, '{"maxDuration":true}', /--config .*: maxDuration must be a duration/],
      ['more than a timer can wait', ['--max-duration', '25d'], {}, undefined, /--max-duration "25d" is not a usable duration/],
    ];
    for (const [name, flags, env, config, message] of cases) {
      it(name, async () => {
        const targets = await startTargets();
        try {
          const args = ['run', 'okta-spec', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', tempDir(), ...flags];
          if (config !== undefined) {
            const file = join(tempDir(), 'config.json');
            writeFileSync(file, config);
            args.push('--config', file);
          }
          const r = await runCli(args, { env });
          expect(r.code, r.stderr).to.equal(2);
          expect(r.stderr).to.match(message);
          expect(targets.server.requests, 'nothing sent').to.have.length(0);
        } finally {
          await targets.close();
        }
      });
    }

    // The per-request and read-back time limits too: a value no timer can keep is exit 2, not an internal error after the run.
    const limits: [string, string[], RegExp][] = [
      ['--timeout not a number', ['--timeout', 'abc'], /--timeout must be a number of milliseconds between 1 and 2147483647, got NaN/],
      ['--timeout 0', ['--timeout', '0'], /--timeout must be a number of milliseconds between 1 and 2147483647, got 0/],
      ['--timeout past a timer', ['--timeout', '1e12'], /--timeout must be a number of milliseconds between 1 and 2147483647, got 1000000000000/],
      ['--read-back-timeout negative', ['--read-back-timeout', '-5'], /--read-back-timeout must be a number of milliseconds between 0 and 2147483647, got -5/],
    ];
    for (const [name, flags, message] of limits) {
      it(name, async () => {
        const targets = await startTargets();
        try {
          const r = await runCli(['run', 'okta-spec', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', tempDir(), ...flags]);
          expect(r.code, r.stderr).to.equal(2);
          expect(r.stderr).to.match(message);
          expect(targets.server.requests, 'nothing sent').to.have.length(0);
        } finally {
          await targets.close();
        }
      });
    }

    it('flag > environment > config: a valid flag wins over a broken environment value', async () => {
      const targets = await startTargets();
      try {
        const r = await runCli(['run', 'okta-spec', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--out', tempDir(), '--reporter', 'none', '--max-duration', '45s'],
          { env: { SCIM_CONFORMANCE_MAX_DURATION: 'broken' } });
        expect(r.code, r.stderr).to.equal(0);
      } finally {
        await targets.close();
      }
    });
  });
});
