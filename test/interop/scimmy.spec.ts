/**
 * Interop: our suites against a SCIM server this project did not write — SCIMMY with its Express
 * routers (test/helpers/scimmy-server.ts). Okta's checks (native and Okta's own exports) must
 * pass on it, and every step that does not pass in the deeper suites must be one of SCIMMY's
 * own, documented deviations (fixtures/interop/scimmy.json, each with the RFC or Entra rule it
 * breaks) — never a false alarm of ours.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import type { Suite } from '../../src/model/suite.js';
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { loadRunscopeExport } from '../../src/suite/formats/runscope.js';
import { findSuites } from '../../src/suite/registry.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import { runCli } from '../helpers/cli.js';
import { readOktaFile } from '../helpers/okta-files.js';
import { SCIMMY_TOKEN, startScimmyServer, type ScimmyServer } from '../helpers/scimmy-server.js';

const AUTH = `Bearer ${SCIMMY_TOKEN}`;
const known = JSON.parse(readFileSync(new URL('../../fixtures/interop/scimmy.json', import.meta.url), 'utf8')) as {
  steps: Record<string, { verdict: string; why: string }>;
};
const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: true, keepTestData: false } as const;

function oktaExport(file: string, initialScript: string): Suite {
  return loadRunscopeExport(readOktaFile(file), {
    path: file,
    initialScript: readOktaFile(initialScript),
    initialScriptPath: initialScript,
  });
}

/** Step id → verdict of every step that did not pass (pauses and n/a aside). */
function notPassing(report: RunReport): Record<string, string> {
  return Object.fromEntries(report.suites.flatMap((suite) => suite.steps)
    .filter((step) => step.kind === 'request' && step.verdict !== 'pass' && step.verdict !== 'n/a')
    .map((step) => [step.stepId, step.verdict]));
}

describe('interop: a SCIM server we did not write (SCIMMY + scimmy-routers)', function () {
  this.timeout(60_000);
  let server: ScimmyServer;
  let emulator: OktaEmulator;
  let variables: Record<string, string>;

  before(async () => {
    server = await startScimmyServer();
    emulator = await startOktaEmulator({ scimUrl: server.baseUrl, scimAuth: AUTH, port: 0 });
    variables = {
      SCIMBaseURL: server.baseUrl, SCIMUrl: server.baseUrl, auth: AUTH, SCIMAuth: AUTH,
      oktaOrgUrl: emulator.orgUrl, oktaAppId: emulator.appId, oktaToken: emulator.token,
    };
  });
  after(async () => {
    await emulator.close();
    await server.close();
  });

  const run = (suites: readonly Suite[]): Promise<RunReport> => runPlan(
    { suites: [seedUserSuite, ...suites], variables, secrets: ['auth', 'SCIMAuth', 'oktaToken'], grep: [] },
    { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5000 },
    { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
  );

  it('every suite: what does not pass is exactly SCIMMY\'s known deviations, each a real rule it breaks', async () => {
    const report = await run(findSuites(['okta-spec', 'okta-crud', 'okta-groups', 'rfc7644', 'entra']).suites);
    expect(notPassing(report)).to.deep.equal(Object.fromEntries(Object.entries(known.steps).map(([id, k]) => [id, k.verdict])));
    for (const suiteId of ['okta-spec', 'okta-crud', 'okta-groups']) {
      expect(report.suites.find((s) => s.suiteId === suiteId)?.verdict, suiteId).to.be.oneOf(['pass', 'warn']);
    }
  });

  it('Okta\'s own SPEC and CRUD exports, unmodified, pass on it', async () => {
    const report = await run([
      oktaExport('Okta-SCIM-20-SPEC-Test.json', 'Initial_Script_Spec.txt'),
      oktaExport('Okta-SCIM-20-CRUD-Test.json', 'Initial_Script_CRUD.txt'),
    ]);
    expect(notPassing(report)).to.deep.equal({});
    expect(report.suites.map((s) => s.runscopeVerdict)).to.deep.equal(['pass', 'pass', 'pass']);
  });

  it('the CLI: `run okta-spec --seed-user` exits 0 with every required step passing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scim-conformance-interop-'));
    const result = await runCli(['run', 'okta-spec', '--seed-user', '--scim-url', server.baseUrl, '--format', 'json', '--out', out], { env: { SCIM_AUTH: AUTH } });
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout) as RunReport;
    const spec = report.suites.find((s) => s.suiteId === 'okta-spec');
    expect(spec?.steps.filter((s) => s.level === 'required' && s.kind === 'request').every((s) => s.verdict === 'pass')).to.equal(true);
    expect(result.stdout + result.stderr).not.to.include(SCIMMY_TOKEN);
  });
});
