/**
 * `run` with OAuth against the reference server in OAuth mode, over loopback, through the run
 * command (the same function the CLI calls): a client-credentials run passes with tokens
 * refreshed mid-run (1 s tokens), the Okta org emulator pushes with the same token source, a
 * wrong secret is exit 2 naming it before any SCIM request, invalid combinations are exit 2
 * naming the variable, and no secret — client secret, refresh token, any access token — is in
 * any report file, stdout or stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { EXIT, UsageError } from '../../src/cli/exit-codes.js';
import { runCommand, type RunArgs } from '../../src/cli/run-command.js';
import type { RunReport } from '../../src/model/report.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { runOAuthSuite, type OAuthSuiteTarget } from '../helpers/oauth-targets.js';

const CLIENT_ID = 'conformance-client';
const CLIENT_SECRET = 'oauth-client-secret-e2e-4321';
const REFRESH_TOKEN = 'oauth-refresh-token-e2e-8765';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scim-conformance-oauth-'));
}

function args(out: string, over: Partial<RunArgs>): RunArgs {
  return {
    suites: [], out, format: 'text', grep: [], pauses: 'skip', strict: false, vars: [], seedUser: false, keepTestData: false,
    queryEncoding: 'percent', timeout: 5_000, reporter: 'dot', ...over,
  };
}

interface Captured { stdout: string; stderr: string }

async function run(a: RunArgs, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: Captured }> {
  const out: Captured = { stdout: '', stderr: '' };
  const code = await runCommand(a, { stdout: (t) => { out.stdout += t; }, stderr: (t) => { out.stderr += t; }, env });
  return { code, out };
}

async function usageError(a: RunArgs, env: NodeJS.ProcessEnv = {}): Promise<UsageError> {
  try {
    await run(a, env);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('run with OAuth (reference server in OAuth mode)', function () {
  this.timeout(90_000);
  let server: ReferenceServer;
  before(async () => {
    server = await startReferenceServer({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenLifetimeS: 1, refreshTokens: [REFRESH_TOKEN] } });
  });
  after(async () => { await server.close(); });

  it('client credentials: the run passes, tokens are refreshed mid-run, the emulator uses them, no secret is written anywhere', async () => {
    const out = tempDir();
    const issuedBefore = server.oauth?.issued() ?? 0;
    const { code, out: io } = await run(args(out, {
      suites: ['entra', 'okta-crud'], scimUrl: server.baseUrl, oauthTokenUrl: server.oauth?.tokenUrl, oauthClientId: CLIENT_ID,
      oauthClientSecret: CLIENT_SECRET, oauthAudience: server.oauth?.audience, oauthScope: 'scim',
    }));
    const [reportPath] = filesUnder(out).filter((f) => f.endsWith('report.json'));
    const report = JSON.parse(readFileSync(reportPath ?? '', 'utf8')) as RunReport;
    const notPassing = report.suites.flatMap((s) => s.steps).filter((s) => s.kind === 'request' && s.verdict !== 'pass').map((s) => `${s.stepId}: ${s.verdict} ${s.reason ?? ''}`);
    expect(notPassing).to.deep.equal([]);
    expect(code).to.equal(EXIT.ok);
    expect(report.suites.map((s) => s.suiteId)).to.include('oauth');
    // 1 s tokens over a run of several seconds: fetched, then refreshed on expiry (plus one for the other audience).
    const issued = (server.oauth?.issued() ?? 0) - issuedBefore;
    expect(issued, 'tokens issued during the run').to.be.at.least(3);
    expect(io.stderr).to.match(/OAuth \(client_credentials\): \d+ token request\(s\): first token; a token for another audience \(check\)(?: ×\d+)?; the access token expired/);
    // Every token request of the run is in report.json (meta.auth), redacted, and in report.html.
    const exchanges = report.meta.auth?.tokenExchanges ?? [];
    expect(exchanges.length, 'token exchanges recorded').to.be.at.least(2);
    expect(exchanges.length).to.equal(issued);
    expect(exchanges[0]?.cause).to.equal('first-token');
    expect(exchanges.map((e) => e.cause)).to.include.members(['check', 'expired']);
    expect(report.meta.auth?.grant).to.equal('client_credentials');
    for (const e of exchanges) {
      expect(e.exchange.response?.status).to.equal(200);
      expect(e.exchange.request.headers).to.deep.include(['Authorization', 'Basic ‹redacted›']);
      expect(e.exchange.response?.body.text).to.match(/"access_token":"‹redacted›"/);
    }
    expect(report.suites.find((s) => s.suiteId === 'oauth')?.steps.find((s) => s.stepId === 'oauth/expired-token-refused')?.verdict).to.equal('pass');
    const [htmlPath] = filesUnder(out).filter((f) => f.endsWith('report.html'));
    const page = readFileSync(htmlPath ?? '', 'utf8');
    expect(page).to.include('data-testid="token-exchanges"');
    expect(page.match(/<li data-cause="/g)?.length).to.equal(exchanges.length);
    // The emulator's pushes carried OAuth tokens (the static token is not accepted in OAuth mode).
    expect(report.suites.find((s) => s.suiteId === 'okta-crud')?.provisioning?.length ?? 0).to.be.greaterThan(0);
    const texts = [io.stdout, io.stderr, ...filesUnder(out).map((f) => readFileSync(f, 'utf8'))];
    const secrets = [CLIENT_SECRET, ...(server.oauth?.issuedSecrets() ?? [])];
    for (const text of texts) for (const secret of secrets) expect(text.includes(secret), `a secret in ${text.slice(0, 60)}…`).to.equal(false);
  });

  it('the refresh-token grant works the same way', async () => {
    const out = tempDir();
    const { code, out: io } = await run(args(out, {
      suites: ['entra'], scimUrl: server.baseUrl, oauthTokenUrl: server.oauth?.tokenUrl, oauthClientId: CLIENT_ID,
      oauthClientSecret: CLIENT_SECRET, oauthRefreshToken: REFRESH_TOKEN, format: 'json',
    }));
    expect(code).to.equal(EXIT.ok);
    // --format json prints the report, token exchanges included, to stdout: redacted there too.
    const printed = JSON.parse(io.stdout) as RunReport;
    expect(printed.meta.auth?.grant).to.equal('refresh_token');
    expect(printed.meta.auth?.tokenExchanges.length).to.be.at.least(2);
    expect(printed.meta.auth?.tokenExchanges[0]?.exchange.request.body?.text).to.match(/refresh_token=%E2%80%B9redacted%E2%80%BA|refresh_token=‹redacted›/);
    const secrets = [REFRESH_TOKEN, CLIENT_SECRET, ...(server.oauth?.issuedSecrets() ?? [])];
    for (const text of [io.stdout, io.stderr, ...filesUnder(out).map((f) => readFileSync(f, 'utf8'))]) {
      for (const secret of secrets) expect(text.includes(secret), `a secret in ${text.slice(0, 60)}…`).to.equal(false);
    }
  });

  it('a wrong client secret is exit 2 naming OAUTH_CLIENT_SECRET, before any SCIM request', async () => {
    server.clearRequests();
    const e = await usageError(args(tempDir(), {
      suites: ['entra'], scimUrl: server.baseUrl, oauthTokenUrl: server.oauth?.tokenUrl, oauthClientId: CLIENT_ID, oauthClientSecret: 'not-the-secret-0000',
    }));
    expect(e.exitCode).to.equal(EXIT.usage);
    expect(e.message).to.match(/oauthClientSecret \(--oauth-client-secret or OAUTH_CLIENT_SECRET\): no access token, so no SCIM request was sent — the token endpoint answered 401 invalid_client/);
    expect(e.message).to.not.include('not-the-secret-0000');
    expect(server.requests).to.deep.equal([]);
  });

  it('invalid combinations are exit 2 naming the variable, with nothing sent', async () => {
    server.clearRequests();
    const base = { suites: ['entra'], scimUrl: server.baseUrl };
    const cases: readonly [Partial<RunArgs>, NodeJS.ProcessEnv, RegExp][] = [
      [{ oauthClientId: CLIENT_ID, oauthClientSecret: CLIENT_SECRET }, {}, /oauthTokenUrl \(--oauth-token-url or OAUTH_TOKEN_URL\) is missing/],
      [{ oauthTokenUrl: server.oauth?.tokenUrl, oauthClientId: CLIENT_ID }, {}, /oauthClientSecret \(--oauth-client-secret or OAUTH_CLIENT_SECRET\) is missing/],
      [{ oauthTokenUrl: server.oauth?.tokenUrl, oauthRefreshToken: REFRESH_TOKEN }, {}, /oauthClientId \(--oauth-client-id or OAUTH_CLIENT_ID\) is missing/],
      [{ oauthTokenUrl: 'token.example.com/oauth2/token', oauthClientId: CLIENT_ID, oauthClientSecret: CLIENT_SECRET }, {}, /oauthTokenUrl .* has no scheme/],
      [{ scimAuth: 'Bearer x', oauthTokenUrl: server.oauth?.tokenUrl, oauthClientId: CLIENT_ID, oauthClientSecret: CLIENT_SECRET }, {}, /SCIMAuth .* and oauthTokenUrl .* were both given/],
      [{}, { OAUTH_TOKEN_URL: server.oauth?.tokenUrl ?? '', OAUTH_CLIENT_ID: CLIENT_ID }, /OAUTH_CLIENT_SECRET\) is missing/],
      [{ oauthTokenUrl: server.oauth?.tokenUrl, oauthClientId: CLIENT_ID, oauthClientSecret: '' }, {}, /oauthClientSecret .* is empty/],
    ];
    for (const [over, env, message] of cases) {
      const e = await usageError(args(tempDir(), { ...base, ...over }), env);
      expect(e.exitCode).to.equal(EXIT.usage);
      expect(e.message).to.match(message);
    }
    expect(server.requests).to.deep.equal([]);
  });

  it('an authorization server that issues no token for another audience makes that check n/a (with its reason), not an error', async () => {
    const strict = await startReferenceServer({ oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ownAudienceOnly: true } });
    try {
      const out = tempDir();
      const { code } = await run(args(out, {
        suites: ['entra'], scimUrl: strict.baseUrl, oauthTokenUrl: strict.oauth?.tokenUrl,
        oauthClientId: CLIENT_ID, oauthClientSecret: CLIENT_SECRET, oauthAudience: strict.oauth?.audience,
      }));
      const [reportPath] = filesUnder(out).filter((f) => f.endsWith('report.json'));
      const report = JSON.parse(readFileSync(reportPath ?? '', 'utf8')) as RunReport;
      expect(report.suites.flatMap((s) => s.steps).filter((s) => s.verdict !== 'pass' && s.verdict !== 'n/a').map((s) => `${s.stepId} ${s.verdict} ${s.reason ?? ''}`)).to.deep.equal([]);
      expect(code).to.equal(EXIT.ok);
      const other = report.suites.flatMap((s) => s.steps).find((s) => s.stepId === 'oauth/other-audience-refused');
      expect(other?.verdict).to.equal('n/a');
      expect(other?.reason).to.include('invalid_target');
    } finally {
      await strict.close();
    }
  });

  it('OAuth settings come from the environment and from --config too', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ oauthClientId: CLIENT_ID, oauthClientSecret: CLIENT_SECRET }));
    const { code } = await run(args(join(dir, 'reports'), { suites: ['entra'], scimUrl: server.baseUrl, config }), { OAUTH_TOKEN_URL: server.oauth?.tokenUrl ?? '' });
    expect(code).to.equal(EXIT.ok);
  });
});

/** The `oauth` suite against OAuth-mode servers with one thing wrong: each of its checks can fail. */
describe('oauth suite: every check proven able to fail', function () {
  this.timeout(30_000);

  async function oauthSteps(target: OAuthSuiteTarget): Promise<Record<string, string>> {
    const report = await runOAuthSuite(target);
    return Object.fromEntries(report.suites.flatMap((s) => s.steps).map((s) => [s.stepId, s.verdict]));
  }

  it('passes against the correct OAuth-mode server (1 s tokens: the expired-token check waits one out)', async () => {
    const started = performance.now();
    expect(await oauthSteps({})).to.deep.equal({
      'oauth/token-response': 'pass', 'oauth/scim-accepts-token': 'pass', 'oauth/revoked-token-refused': 'pass',
      'oauth/expired-token-refused': 'pass', 'oauth/other-audience-refused': 'pass',
    });
    // The wait is the token's lifetime plus a margin, never more (the whole suite, loaded CPU or not).
    expect(performance.now() - started).to.be.below(8_000);
  });

  it('with hour-long tokens the expired-token check is n/a, says why, and nothing waits', async () => {
    const report = await runOAuthSuite({ tokenLifetimeS: 3600 });
    const step = report.suites.flatMap((s) => s.steps).find((s) => s.stepId === 'oauth/expired-token-refused');
    expect(step?.verdict).to.equal('n/a');
    expect(step?.reason).to.match(/live 3600 s \(expires_in\)/);
    expect(step?.durationMs, 'the step waited').to.be.below(2_000);
  });

  it('a server that accepts expired tokens (oauth-expired-token-accepted) fails the expired-token check, and only it', async () => {
    const steps = await oauthSteps({ defects: ['oauth-expired-token-accepted'] });
    expect(Object.entries(steps).filter(([, v]) => v !== 'pass')).to.deep.equal([['oauth/expired-token-refused', 'fail']]);
  });

  it('a server that does not enforce tokens fails the revoked-token and other-audience checks', async () => {
    const steps = await oauthSteps({ defects: ['auth-not-enforced'] });
    expect(steps['oauth/revoked-token-refused']).to.equal('fail');
    expect(steps['oauth/other-audience-refused']).to.equal('fail');
    expect(steps['oauth/expired-token-refused']).to.equal('fail');
  });

  it('a 401 without the SCIM Error schema fails the revoked-token check', async () => {
    expect((await oauthSteps({ defects: ['error-without-schema'] }))['oauth/revoked-token-refused']).to.equal('fail');
  });

  it('a SCIM API configured for another audience than the tokens fails scim-accepts-token', async () => {
    expect((await oauthSteps({ serverAudience: 'https://scim.example/elsewhere' }))['oauth/scim-accepts-token']).to.equal('fail');
  });

  it('a token endpoint without Cache-Control: no-store and expires_in warns on token-response', async () => {
    expect((await oauthSteps({ sloppy: true }))['oauth/token-response']).to.equal('warn');
  });
});

describe('reference-server command in OAuth mode (subprocess)', function () {
  this.timeout(60_000);

  it('prints the base URL, names its token endpoint, and a client-credentials run against it passes', async () => {
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'reference-server', '--oauth-client-id', CLIENT_ID, '--oauth-client-secret', CLIENT_SECRET, '--oauth-token-lifetime', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    try {
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
      const baseUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no base URL; stderr: ${err}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line !== undefined) { clearTimeout(timer); resolve(line.trim()); }
        });
      });
      await new Promise((r) => setTimeout(r, 200));
      const tokenUrl = /token endpoint (\S+)/.exec(err)?.[1] ?? '';
      expect(tokenUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/token$/);
      const { code } = await run(args(tempDir(), { suites: ['entra'], scimUrl: baseUrl, oauthTokenUrl: tokenUrl, oauthClientId: CLIENT_ID, oauthClientSecret: CLIENT_SECRET }));
      expect(code).to.equal(EXIT.ok);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
