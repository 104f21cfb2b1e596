/** The CLI with Okta's exports, a real-org preflight (against the emulator), --grep and Ctrl-C. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { startOktaEmulator } from '../../src/okta/emulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { oktaFile } from '../helpers/okta-files.js';
import { REFERENCE_AUTH, startTargets, type Targets } from '../helpers/targets.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'scim-conformance-e2e-'));

describe('CLI with Okta exports, Okta orgs, selection and interrupts', function () {
  this.timeout(60_000);
  let targets: Targets;
  before(async () => { targets = await startTargets(); });
  after(async () => { await targets.close(); });

  it("runs Okta's SPEC export unmodified with its initial script: exit 0, Runscope's notes as titles", async () => {
    const r = await runCli(['run', '--runscope', oktaFile('Okta-SCIM-20-SPEC-Test.json'), '--initial-script', oktaFile('Initial_Script_Spec.txt'),
      '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--seed-user', '--format', 'json', '--out', tempDir(), '--reporter', 'none']);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report.summary.runscopeVerdict).to.equal('pass');
    const steps = report.suites[1]!.steps.filter((s) => s.kind === 'request');
    expect(steps).to.have.length(12);
    expect(steps[0]!.title).to.equal('Required Test: Test Users endpoint');
  });

  it("runs Okta's CRUD export unmodified through the emulator (no org configured)", async () => {
    const r = await runCli(['run', '--runscope', oktaFile('Okta-SCIM-20-CRUD-Test.json'), '--initial-script', oktaFile('Initial_Script_CRUD.txt'),
      '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--format', 'json', '--out', tempDir(), '--reporter', 'none']);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report.meta.target.okta).to.equal('emulator');
    expect(report.suites[0]!.steps.filter((s) => s.kind === 'request').every((s) => s.verdict === 'pass')).to.equal(true);
  });

  it("runs Okta's CRUD-with-entitlements export unmodified through the emulator (governance grant included)", async () => {
    const r = await runCli(['run', '--runscope', oktaFile('Okta-SCIM-20-With-Entitlements-CRUD-Test.json'), '--initial-script', oktaFile('Initial_Script_CRUD.txt'),
      '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--format', 'json', '--out', tempDir(), '--reporter', 'none']);
    expect(r.code, r.stderr).to.equal(0);
    const steps = (JSON.parse(r.stdout) as RunReport).suites[0]!.steps.filter((s) => s.kind === 'request');
    expect(steps).to.have.length(14);
    expect(steps.every((s) => s.verdict === 'pass')).to.equal(true);
  });

  it("runs Okta's Entitlements export against /Roles", async () => {
    const r = await runCli(['run', '--runscope', oktaFile('Okta-SCIM-20-Entitlements-Test.json'), '--var', 'EntitlementEndpoint=/Roles',
      '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--out', tempDir(), '--reporter', 'none']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
  });

  it('a Runscope variable nobody supplies is a usage error naming it', async () => {
    const r = await runCli(['run', '--runscope', oktaFile('Okta-SCIM-20-Entitlements-Test.json'), '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/EntitlementEndpoint is missing: pass --var EntitlementEndpoint=/);
  });

  it('--grep runs the selected steps and the steps that produce their variables; the rest are skipped', async () => {
    const r = await runCli(['run', 'okta-spec/get-created-user', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--format', 'json', '--out', tempDir(), '--reporter', 'none']);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as RunReport;
    const ran = report.suites[0]!.steps.filter((s) => s.kind === 'request' && s.verdict !== 'skip').map((s) => s.stepId);
    expect(ran).to.deep.equal(['okta-spec/create-user-returns-201', 'okta-spec/get-created-user']);
    expect(report.suites[0]!.steps.find((s) => s.stepId === 'okta-spec/wrong-auth-returns-401')?.reason).to.equal('not selected');
  });

  describe('a real org (the emulator standing in) is preflight-checked before anything is created: exit 2', () => {
    for (const c of [
      { name: 'inactive app', options: { appStatus: 'INACTIVE' as const }, token: undefined, message: /oktaAppId .*(INACTIVE|not active)/i },
      { name: 'bad token', options: {}, token: 'not-the-token', message: /oktaToken/ },
      { name: 'missing provisioning features', options: { features: ['PUSH_NEW_USERS'] }, token: undefined, message: /Deactivate Users|PUSH_USER_DEACTIVATION/ },
    ]) {
      it(c.name, async () => {
        const emulator = await startOktaEmulator({ scimUrl: targets.server.baseUrl, scimAuth: REFERENCE_AUTH, port: 0, ...c.options });
        try {
          const r = await runCli(['run', 'okta-crud', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH,
            '--okta-org-url', emulator.orgUrl, '--okta-app-id', emulator.appId, '--okta-token', c.token ?? emulator.token, '--out', tempDir()]);
          expect(r.code, r.stderr).to.equal(2);
          expect(r.stderr).to.match(c.message);
          expect(emulator.users()).to.have.length(0);
          expect(r.stderr).not.to.include(emulator.token);
        } finally {
          await emulator.close();
        }
      });
    }

    it('a ready org runs the CRUD suite and is recorded as real', async () => {
      const emulator = await startOktaEmulator({ scimUrl: targets.server.baseUrl, scimAuth: REFERENCE_AUTH, port: 0 });
      try {
        const r = await runCli(['run', 'okta-crud', '--scim-url', targets.server.baseUrl, '--scim-auth', REFERENCE_AUTH, '--format', 'json', '--reporter', 'none',
          '--okta-org-url', emulator.orgUrl, '--okta-app-id', emulator.appId, '--out', tempDir()], { env: { OKTA_TOKEN: emulator.token } });
        expect(r.code, r.stderr).to.equal(0);
        expect((JSON.parse(r.stdout) as RunReport).meta.target.okta).to.equal('real');
        expect(emulator.users(), 'the Okta test user is cleaned up').to.have.length(0);
      } finally {
        await emulator.close();
      }
    });
  });

  it('Ctrl-C: stops, cleans up what it created, writes an incomplete report, exit 4', async () => {
    const out = tempDir();
    const own = await startTargets();
    after(() => own.close());
    // Only the create step and the read-back after it, with Okta's 5 s pause kept between them.
    const child = spawn(process.execPath, [BIN, 'run', 'okta-spec/get-created-user', '--scim-url', own.server.baseUrl, '--scim-auth', REFERENCE_AUTH,
      '--pauses', 'keep', '--out', out, '--reporter', 'none'], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Wait until the user has been created, then interrupt during the next pause.
    const deadline = Date.now() + 40_000;
    while (!own.server.requests.some((q) => q.method === 'POST' && q.status === 201) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300)); // inside Okta's 5 s pause that follows
    child.kill('SIGINT');
    expect(await exited).to.equal(4);
    expect(stderr).to.include('interrupted');
    expect(own.server.users(), 'the created user was deleted').to.have.length(0);
    expect(own.server.requests.filter((q) => q.method === 'GET' && q.path.includes('/Users/')), 'nothing ran after the interrupt').to.have.length(0);
    const runDir = readdirSync(out)[0]!;
    const report = JSON.parse(readFileSync(join(out, runDir, 'report.json'), 'utf8')) as RunReport;
    expect(report.complete).to.equal(false);
    expect(report.summary.line).to.match(/^INCOMPLETE okta-spec/);
    expect(report.suites[0]!.cleanup.map((c) => c.ok)).to.deep.equal([true]);
  });
});
