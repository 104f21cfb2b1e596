/** The CLI as a subprocess: every exit code, the contract's variables, and no secret anywhere. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { validateReport } from '../../src/report/report-schema.js';
import type { RunReport } from '../../src/model/report.js';
import { runCli, startCli } from '../helpers/cli.js';
import { REFERENCE_AUTH, REFERENCE_TOKEN, startTargets, type Targets } from '../helpers/targets.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scim-conformance-e2e-'));
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('CLI (subprocess)', function () {
  this.timeout(60_000);
  let targets: Targets;
  before(async () => { targets = await startTargets(); });
  after(async () => { await targets.close(); });
  beforeEach(() => targets.server.clearRequests());

  it('--help documents the commands and the exit codes', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).to.equal(0);
    for (const text of ['--scim-url', '--scim-auth', '--okta-org-url', '--config', '--format', '--pauses', '--runscope', '--grep', 'Exit codes', '3  invalid suite']) {
      expect(r.stdout).to.include(text);
    }
  });

  describe('exit 2: configuration errors name the variable and send nothing', () => {
    const cases: readonly { name: string; args: string[]; env?: Record<string, string>; message: RegExp }[] = [
      { name: 'missing SCIM URL', args: ['run', 'okta-spec', '--scim-auth', 'Bearer x'], message: /SCIMUrl \(--scim-url or SCIM_URL\) is missing/ },
      { name: 'URL without scheme', args: ['run', 'okta-spec', '--scim-url', 'example.com/scim/v2', '--scim-auth', 'Bearer x'], message: /SCIMUrl \(--scim-url or SCIM_URL\) has no scheme/ },
      { name: 'empty auth', args: ['run', 'okta-spec', '--scim-url', 'http://127.0.0.1:9/scim', '--scim-auth', ''], message: /SCIMAuth \(--scim-auth or SCIM_AUTH\) is empty/ },
      { name: 'missing auth', args: ['run', 'okta-spec', '--scim-url', 'http://127.0.0.1:9/scim'], message: /SCIMAuth \(--scim-auth or SCIM_AUTH\) is missing/ },
      { name: 'bad org URL from the environment', args: ['run', 'okta-crud', '--scim-url', 'http://127.0.0.1:9/scim', '--scim-auth', 'Bearer x'], env: { OKTA_ORG_URL: 'dev-1.okta.com', OKTA_TOKEN: 't', OKTA_APP_ID: 'a' }, message: /oktaOrgUrl \(--okta-org-url or OKTA_ORG_URL\) has no scheme/ },
      { name: 'Okta token without org', args: ['run', 'okta-crud', '--scim-url', 'http://127.0.0.1:9/scim', '--scim-auth', 'Bearer x', '--okta-token', 't'], message: /oktaOrgUrl .* is missing/ },
      { name: 'unknown suite', args: ['run', 'no-such-suite', '--scim-url', 'http://127.0.0.1:9/scim', '--scim-auth', 'Bearer x'], message: /unknown suite "no-such-suite"/ },
      { name: 'unknown flag', args: ['run', '--scim-urll', 'x'], message: /Unknown argument/i },
      { name: 'credentials in the SCIM URL (they would reach every report)', args: ['run', 'okta-spec', '--scim-url', 'http://admin:hunter2@127.0.0.1:9/scim', '--scim-auth', 'Bearer x'], message: /SCIMUrl \(--scim-url or SCIM_URL\) carries credentials/ },
      { name: 'a fragment in the SCIM URL', args: ['run', 'okta-spec', '--scim-url', 'http://127.0.0.1:9/scim#users', '--scim-auth', 'Bearer x'], message: /SCIMUrl \(--scim-url or SCIM_URL\) has a fragment/ },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const r = await runCli(c.args, { env: c.env ?? {} });
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(c.message);
        expect(r.stderr).not.to.include('hunter2');
        expect(r.stdout).to.equal('');
      });
    }

    it('a broken --config file', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'c.json'), '{ not json');
      const r = await runCli(['run', 'okta-spec', '--config', join(dir, 'c.json')]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/--config .*c\.json: not valid JSON/);
    });

    it('sends no request to the SCIM server', async () => {
      const r = await runCli(['run', 'okta-spec', '--scim-url', targets.server.baseUrl, '--scim-auth', ''], {});
      expect(r.code).to.equal(2);
      expect(targets.server.requests).to.have.length(0);
    });
  });

  it('flags > environment > config file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ SCIMUrl: 'http://127.0.0.1:9/wrong', SCIMAuth: 'Bearer wrong' }));
    const r = await runCli(['run', 'okta-spec', '--config', join(dir, 'c.json'), '--seed-user', '--format', 'json', '--out', dir, '--reporter', 'none'], {
      env: { SCIM_URL: targets.server.baseUrl, SCIM_AUTH: REFERENCE_AUTH },
    });
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report.meta.target.scimUrl).to.equal(targets.server.baseUrl);
  });

  it('exit 0: okta-spec on a correct server, --format json gives a valid RunReport on stdout', async () => {
    const out = tempDir();
    const r = await runCli(['run', 'okta-spec', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--format', 'json', '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as unknown;
    const v = validateReport(report);
    expect(v.ok, JSON.stringify(v)).to.equal(true);
    const rr = report as RunReport;
    const spec = rr.suites.find((s) => s.suiteId === 'okta-spec');
    expect(spec?.steps.filter((s) => s.kind === 'request' && s.level === 'required').every((s) => s.verdict === 'pass')).to.equal(true);
    expect(r.stderr).to.include('okta-spec/create-user-returns-201');
    const dir = join(out, rr.meta.runId);
    expect(readdirSync(dir).sort()).to.include.members(['junit.xml', 'report.html', 'report.json']);
  });

  it('a SCIM base URL with a query (Entra\'s ?aadOptscim062020): every SCIM request carries it after the path, CRUD included', async () => {
    const own = await startTargets();
    try {
      const r = await runCli(['run', 'okta-spec', 'okta-crud', '--scim-url', `${own.server.baseUrl}?aadOptscim062020`, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--out', tempDir()]);
      expect(r.code, r.stderr).to.equal(0);
      const requests = own.server.requests;
      expect(requests.length).to.be.greaterThan(20);
      for (const request of requests) {
        expect(request.path, `${request.method} ${request.path}?${request.query}`).to.match(/\/(Users|Groups|ServiceProviderConfig|Schemas|ResourceTypes)/);
        expect(request.query.split('&'), `${request.method} ${request.path}?${request.query}`).to.include('aadOptscim062020');
      }
      // The Okta emulator's pushes too.
      expect(requests.some((request) => request.headers['user-agent'] === 'Okta SCIM Client 1.0.0')).to.equal(true);
    } finally {
      await own.close();
    }
  });

  it('exit 1: a required check fails, with a readable reason', async () => {
    const broken = await startTargets({ defects: ['auth-not-enforced'] });
    try {
      const r = await runCli(['run', 'okta-spec', '--scim-url', broken.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--out', tempDir()]);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.match(/^FAIL .*okta-spec/m);
      expect(r.stderr).to.include('expected 401 but got 200');
      expect(r.stderr).to.include('Requirement: A request with an invalid Authorization header answers 401');
    } finally {
      await broken.close();
    }
  });

  it('--strict: a recommended check that warns by default fails the run', async () => {
    const broken = await startTargets({ defects: ['username-case-sensitive'] });
    try {
      const args = ['run', 'okta-spec', '--scim-url', broken.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--out', tempDir(), '--reporter', 'none', '--read-back-timeout', '200'];
      const lenient = await runCli(args);
      expect(lenient.code, lenient.stderr).to.equal(0);
      expect(lenient.stdout).to.match(/^PASS .*1 warning/m);
      const strict = await runCli([...args, '--strict']);
      expect(strict.code).to.equal(1);
      expect(strict.stdout).to.match(/^FAIL .*1 failed/m);
    } finally {
      await broken.close();
    }
  });

  it('--reporter mochawesome writes its HTML and JSON into the run directory, without secrets', async () => {
    const out = tempDir();
    const r = await runCli(['run', 'okta-spec', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--out', out, '--reporter', 'mochawesome']);
    expect(r.code, r.stderr).to.equal(0);
    const files = allFiles(out).map((f) => f.slice(out.length));
    expect(files.some((f) => f.endsWith('/mochawesome/mochawesome.html'))).to.equal(true);
    for (const f of allFiles(out)) expect(readFileSync(f, 'utf8'), f).not.to.include(REFERENCE_TOKEN);
  });

  it('exit 4: the target is unreachable', async () => {
    const r = await runCli(['run', 'okta-spec', '--scim-url', 'http://127.0.0.1:1/scim/v2', '--scim-auth', 'Bearer x', '--out', tempDir(), '--reporter', 'dot']);
    expect(r.code).to.equal(4);
    expect(r.stdout).to.match(/^ERROR .*okta-spec/m);
    expect(r.stderr).to.include('connection refused by 127.0.0.1:1');
  });

  it('exit 3: an invalid Runscope export', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ name: 'x', steps: [{ step_type: 'request', method: 'GET', url: 'http://x', assertions: [{ source: 'response_status', comparison: 'is_purple', value: 1 }] }] }));
    const r = await runCli(['run', '--runscope', join(dir, 'bad.json'), '--scim-url', targets.server.baseUrl, '--scim-auth', 'Bearer x']);
    expect(r.code, r.stderr).to.equal(3);
    expect(r.stderr).to.match(/is_purple/);
    expect(targets.server.requests).to.have.length(0);
  });

  it('never writes a secret: not to stdout, stderr, report.json, report.html or junit.xml', async () => {
    const out = tempDir();
    const r = await runCli(['run', 'okta-spec', 'okta-crud', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--format', 'json', '--out', out, '--reporter', 'spec']);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report.meta.target.okta).to.equal('emulator');
    const texts = [r.stdout, r.stderr, ...allFiles(out).map((f) => readFileSync(f, 'utf8'))];
    expect(texts.length).to.be.greaterThan(4);
    for (const text of texts) {
      expect(text).not.to.include(REFERENCE_TOKEN);
      expect(text).not.to.include('Kv7J2LEa');
      expect(text).not.to.match(/SSWS (?!‹redacted›)/);
      expect(text).not.to.match(/Bearer (?!‹redacted›|realm=)[A-Za-z0-9]/);
    }
    // The emulator's SCIM pushes are in the report, redacted too.
    const crud = report.suites.find((s) => s.suiteId === 'okta-crud');
    expect(crud?.provisioning?.length).to.be.greaterThan(5);
  });

  it('reference-server prints its base URL first; okta-emulator prints the org URL first', async () => {
    const ref = await startCli(['reference-server', '--port', '0', '--token', 'abc12345']);
    try {
      expect(ref.firstLine).to.match(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const res = await fetch(`${ref.firstLine}/ServiceProviderConfig`, { headers: { authorization: 'Bearer abc12345' } });
      expect(res.status).to.equal(200);
      const em = await startCli(['okta-emulator', '--scim-url', ref.firstLine, '--scim-auth', 'Bearer abc12345']);
      try {
        expect(em.firstLine).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        await new Promise((r) => setTimeout(r, 50));
        expect(em.lines()[1]).to.match(/^oktaAppId=0oa\w+ oktaToken=\S+$/);
      } finally {
        await em.stop();
      }
    } finally {
      await ref.stop();
    }
  });

  it('demo (npm start): runs every suite on the embedded default and prints the report paths', async () => {
    const out = tempDir();
    const r = await runCli(['demo', '--out', out, '--reporter', 'dot']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    expect(r.stdout).to.match(/^PASS /m);
    expect(r.stdout).to.match(/report\.html\s+\S+report\.html/);
  });
});
