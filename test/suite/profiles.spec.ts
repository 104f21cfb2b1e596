/**
 * Profiles (src/suite/profiles.ts): which suites each profile runs, how `run` picks them
 * (flag > SCIM_PROFILE > config, unknown → exit 2), whose rule each step reports, and the two
 * promises the profiles make against real loopback servers: a server that is RFC-correct but
 * lets two groups share a displayName passes the default profile and fails only Entra's rule
 * under `entra`; the reference server in interop mode passes `interop`, the default one does not.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { requestedSuites } from '../../src/cli/run-command.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import { startReferenceServer, type DefectName } from '../../src/reference-server/index.js';
import { lintSuite } from '../../src/suite/lint.js';
import { DEFAULT_PROFILE, defaultSuiteIds, PROFILE_NAMES, profileSuiteIds, SUITE_PROFILES, UnknownProfileError } from '../../src/suite/profiles.js';
import { ALL_SUITES, findSuites, NATIVE_SUITES, PROFILE_ONLY_SUITES } from '../../src/suite/registry.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import { startOktaEmulator } from '../../src/okta/emulator/index.js';

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: true, keepTestData: false } as const;
const TOKEN = 'profiles-test-token';

/** What a broken front answers instead of the server, for one request (undefined: forward it). */
type Override = (method: string, path: string, body: string) => { status: number; body: unknown } | undefined;

/**
 * A deliberately broken variant of a server: forwards every request to `upstream` except those
 * `override` answers itself (real sockets, as the reference server's defect profiles).
 */
async function startBrokenFront(upstream: string, override: Override): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const up = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const own = override(req.method ?? 'GET', req.url ?? '/', body);
      if (own) {
        res.writeHead(own.status, { 'content-type': 'application/scim+json' });
        res.end(JSON.stringify(own.body));
        return;
      }
      const out = httpRequest({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${up.pathname}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function runProfile(profile: string, options: { defects?: readonly DefectName[]; interop?: boolean; override?: Override } = {}): Promise<RunReport> {
  const { suites } = findSuites(profileSuiteIds(profile));
  const upstream = await startReferenceServer({ port: 0, token: TOKEN, defects: options.defects ?? [], interop: options.interop ?? false });
  const front = options.override ? await startBrokenFront(upstream.baseUrl, options.override) : undefined;
  const server = { baseUrl: front?.baseUrl ?? upstream.baseUrl, close: async () => { await front?.close(); await upstream.close(); } };
  const okta = suites.some((s) => s.id === 'okta-crud' || s.id === 'okta-groups')
    ? await startOktaEmulator({ scimUrl: server.baseUrl, scimAuth: `Bearer ${TOKEN}`, port: 0 })
    : undefined;
  try {
    const auth = `Bearer ${TOKEN}`;
    return await runPlan(
      {
        suites: [seedUserSuite, ...suites],
        variables: {
          SCIMBaseURL: server.baseUrl, SCIMUrl: server.baseUrl, auth, SCIMAuth: auth,
          ...(okta ? { oktaOrgUrl: okta.orgUrl, oktaAppId: okta.appId, oktaToken: okta.token } : {}),
        },
        secrets: ['auth', 'SCIMAuth', 'oktaToken'],
        grep: [],
      },
      { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5000 },
      { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
    );
  } finally {
    await okta?.close();
    await server.close();
  }
}

function nonPassing(report: RunReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const suite of report.suites) {
    if (suite.suiteId.startsWith('setup/')) continue;
    for (const step of suite.steps) if (step.kind === 'request' && step.verdict !== 'pass') out[step.stepId] = step.verdict;
  }
  return out;
}

describe('profiles', () => {
  describe('the profile table', () => {
    // Other suites join these profiles as rows of SUITE_PROFILES; the core of each is fixed.
    const core: readonly (readonly [string, readonly string[]])[] = [
      ['okta', ['okta-spec', 'okta-crud', 'okta-groups', 'rfc7644']],
      ['entra', ['entra']],
      ['rfc', ['rfc7644']],
      ['interop', ['interop']],
      ['all', ['okta-spec', 'okta-crud', 'okta-groups', 'rfc7644', 'entra', 'interop']],
    ];
    for (const [profile, suites] of core) {
      it(`${profile} runs ${suites.join(', ')}, in that order, and the suites the table adds to it`, () => {
        const ids = profileSuiteIds(profile);
        expect(ids.filter((id) => suites.includes(id))).to.deep.equal(suites);
        expect(ids).to.deep.equal(SUITE_PROFILES.filter((e) => profile === 'all' || (e.profiles as readonly string[]).includes(profile)).map((e) => e.suite));
      });
    }

    it('no Okta, interop or Entra suite runs under another client\'s profile', () => {
      for (const e of SUITE_PROFILES) {
        if (e.client === 'entra') expect(e.profiles, e.suite).to.deep.equal(['entra']);
        if (e.client === 'interop') expect(e.profiles, e.suite).to.deep.equal(['interop']);
        if (e.client === 'okta') expect(e.profiles, e.suite).to.deep.equal(['okta']);
      }
    });

    it('the default is okta, what an OIN submitter needs', () => {
      expect(DEFAULT_PROFILE).to.equal('okta');
      expect(PROFILE_NAMES).to.deep.equal(['okta', 'entra', 'rfc', 'interop', 'all']);
    });

    it('every registered suite is in the table, with the table\'s client', () => {
      for (const suite of ALL_SUITES) {
        expect(suite.client, suite.id).to.equal(SUITE_PROFILES.find((e) => e.suite === suite.id)?.client);
      }
    });

    it('an unknown profile names itself and the known ones', () => {
      expect(() => profileSuiteIds('okta-oin')).to.throw(UnknownProfileError, /unknown profile "okta-oin"; available: okta, entra, rfc, interop, all/);
    });

    it('the interop suite passes lint and is not one of the suites a single server passes together', () => {
      for (const suite of PROFILE_ONLY_SUITES) expect(lintSuite(suite), suite.id).to.deep.equal([]);
      expect(NATIVE_SUITES.map((s) => s.id)).to.not.include('interop');
    });
  });

  describe('choosing suites for `run`', () => {
    const none = { suites: [] as string[] };
    it('no suite and no profile: Okta\'s SPEC, CRUD and Group Push suites and the RFC 7644 suites; the test plan\'s suites only with --profile okta', () => {
      expect(requestedSuites(none, {}, {}, false)).to.deep.equal(['okta-spec', 'okta-crud', 'okta-groups', 'rfc7644', 'rfc7644/filters', 'rfc7644/writes']);
      expect(defaultSuiteIds()).to.deep.equal(profileSuiteIds('okta').filter((id) => !id.startsWith('okta-plan/')));
      expect(profileSuiteIds('okta').filter((id) => id.startsWith('okta-plan/')).length).to.be.greaterThan(0);
    });
    it('a --runscope run with nothing else runs no native suite', () => {
      expect(requestedSuites(none, {}, {}, true)).to.deep.equal([]);
    });
    it('--profile beats SCIM_PROFILE, which beats the config file', () => {
      expect(requestedSuites({ suites: [], profile: 'entra' }, { SCIM_PROFILE: 'rfc' }, { profile: 'interop' }, false)).to.deep.equal(profileSuiteIds('entra'));
      expect(requestedSuites(none, { SCIM_PROFILE: 'rfc' }, { profile: 'interop' }, false)).to.deep.equal(profileSuiteIds('rfc'));
      expect(requestedSuites(none, {}, { profile: 'interop' }, false)).to.deep.equal(profileSuiteIds('interop'));
    });
    it('named suites still work, and add to a profile', () => {
      expect(requestedSuites({ suites: ['entra'] }, {}, {}, false)).to.deep.equal(['entra']);
      expect(requestedSuites({ suites: ['entra'], profile: 'rfc' }, {}, {}, false)).to.deep.equal(['entra', ...profileSuiteIds('rfc')]);
    });
    it('the config file\'s suites apply when no profile is given', () => {
      expect(requestedSuites(none, {}, { suites: ['okta-spec'] }, false)).to.deep.equal(['okta-spec']);
    });
    for (const [where, args, env, file] of [
      ['--profile', { suites: [], profile: 'oin' }, {}, {}],
      ['SCIM_PROFILE', none, { SCIM_PROFILE: 'oin' }, {}],
      ['the config file', none, {}, { profile: 'oin' }],
    ] as const) {
      it(`an unknown profile from ${where} is a usage error (exit 2) naming it`, () => {
        let thrown: unknown;
        try {
          requestedSuites(args, env, file, false);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).to.be.instanceOf(UsageError);
        expect((thrown as UsageError).exitCode).to.equal(2);
        expect((thrown as UsageError).message).to.match(/unknown profile "oin" \(--profile, SCIM_PROFILE or "profile" in --config\); available: okta, entra, rfc, interop, all/);
      });
    }
  });

  describe('against real servers', function () {
    this.timeout(60_000);

    it('an RFC-correct server that lets two groups share a displayName passes the default profile, every step saying whose rule it is', async () => {
      const report = await runProfile(DEFAULT_PROFILE, { defects: ['duplicate-group-names-allowed'] });
      expect(nonPassing(report)).to.deep.equal({});
      const clients = new Set(report.suites.filter((s) => !s.suiteId.startsWith('setup/')).flatMap((s) => s.steps.filter((st) => st.kind === 'request').map((st) => st.client)));
      expect([...clients].sort()).to.deep.equal(['okta', 'rfc']);
    });

    it('the same server fails only Entra\'s group-name rule under the entra profile', async () => {
      const report = await runProfile('entra', { defects: ['duplicate-group-names-allowed'] });
      expect(nonPassing(report)).to.deep.equal({ 'entra/create-duplicate-group': 'fail' });
      const step = report.suites.find((s) => s.suiteId === 'entra')?.steps.find((s) => s.stepId === 'entra/create-duplicate-group');
      expect(step?.client).to.equal('entra');
    });

    it('the reference server in interop mode passes the interop profile with no warning', async () => {
      const report = await runProfile('interop', { interop: true });
      expect(nonPassing(report)).to.deep.equal({});
      expect(report.suites.find((s) => s.suiteId === 'interop')?.cleanup.every((c) => c.ok)).to.equal(true);
    });

    it('interop steps a defect profile cannot reach fail against broken fronts: create without 201, PATCH with a path refused, DELETE answered 200', async () => {
      const error = (status: number) => ({ status, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: 'broken front' } });
      const create = await runProfile('interop', { interop: true, override: (m, p) => (m === 'POST' && /\/Users$/.test(p) ? { status: 200, body: { id: 'x' } } : undefined) });
      expect(nonPassing(create)['interop/create-user']).to.equal('fail');
      const patch = await runProfile('interop', { interop: true, override: (m, _p, b) => (m === 'PATCH' && b.includes('"path"') ? error(400) : undefined) });
      expect(nonPassing(patch)).to.deep.include({ 'interop/patch-with-path-applies': 'fail' });
      const del = await runProfile('interop', { interop: true, override: (m, p) => (m === 'DELETE' && /\/Users\//.test(p) ? { status: 200, body: {} } : undefined) });
      expect(nonPassing(del)).to.deep.include({ 'interop/delete-user': 'fail' });
    });

    it('the default reference server (Okta- and Entra-compatible) fails the interop rules it does not follow', async () => {
      const report = await runProfile('interop');
      expect(nonPassing(report)).to.deep.equal({
        'interop/service-provider-config-declares-conformance': 'fail',
        'interop/undefined-attribute-refused': 'fail',
        'interop/undefined-schema-uri-refused': 'fail',
        'interop/pathless-patch-refused': 'fail',
      });
    });
  });
});
