/**
 * `scim-conformance readiness` end to end, in process: the complete manifest with passing,
 * recent SPEC and CRUD runs exits 0; every mistake fixture exits 1 with exactly its one
 * failing requirement; invalid manifests exit 2 naming the field; no secret ever appears in
 * readiness.json, readiness.html, stdout or stderr. Okta calls go to the emulator.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { readinessCommand, type ReadinessArgs } from '../../src/cli/readiness-command.js';
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { validateReadinessReport, type ReadinessReport } from '../../src/readiness/readiness-report.js';
import { captureIo, createWorkspace, FIXTURES, SECRETS, VALID, type Workspace } from './helpers.js';

interface MistakeEntry { file: string; mistake: string; requirement: string; message: string }
interface InvalidEntry { file: string; mistake: string; field: string; message: string }

const mistakes = (JSON.parse(await readFile(join(FIXTURES, 'mistakes.json'), 'utf8')) as { mistakes: MistakeEntry[] }).mistakes;
const invalids = (JSON.parse(await readFile(join(FIXTURES, 'invalid.json'), 'utf8')) as { invalid: InvalidEntry[] }).invalid;

describe('readiness command', () => {
  let emulator: OktaEmulator;
  let ws: Workspace;
  let outputs = 0;
  const seen: string[] = [];

  before(async () => {
    emulator = await startOktaEmulator({ scimUrl: 'http://127.0.0.1:9/scim/v2', scimAuth: 'Bearer unused', appId: VALID.appId });
    ws = await createWorkspace();
  });
  after(async () => {
    await emulator.close();
    await ws.close();
  });

  function env(): NodeJS.ProcessEnv {
    return { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: emulator.token };
  }

  async function run(manifest: string, args: Partial<ReadinessArgs> = {}, environment: NodeJS.ProcessEnv = env()): Promise<{
    code: number; out: string; err: string; dir: string; report?: ReadinessReport; html?: string;
  }> {
    const dir = join(ws.dir, `out-${++outputs}`);
    const cap = captureIo(environment);
    const code = await readinessCommand({ submission: ws.path(manifest), out: dir, oktaOrgUrl: emulator.orgUrl, ...args }, cap.io);
    const jsonPath = join(dir, 'readiness.json');
    const result = { code, out: cap.out(), err: cap.err(), dir };
    if (!existsSync(jsonPath)) return result;
    const json = await readFile(jsonPath, 'utf8');
    const html = await readFile(join(dir, 'readiness.html'), 'utf8');
    seen.push(json, html, result.out, result.err);
    return { ...result, report: JSON.parse(json) as ReadinessReport, html };
  }

  it('a complete manifest with passing, recent SPEC and CRUD runs: Submit would be enabled (exit 0)', async () => {
    const r = await run('valid.json');
    expect(r.code, r.out + r.err).to.equal(0);
    const report = r.report!;
    expect(validateReadinessReport(report).ok).to.equal(true);
    expect(report.submitEnabled).to.equal(true);
    const notHolding = report.requirements.filter((q) => q.status !== 'pass' && q.status !== 'n/a');
    expect(notHolding, JSON.stringify(notHolding, null, 2)).to.deep.equal([]);
    expect(report.counts.fail + report.counts.blocked).to.equal(0);
    expect(r.out).to.match(/Submit integration: would be ENABLED/);
    // The CRUD run covers the automated cases; the rest are tracked in the manifest.
    const covered = report.testPlan.cases.filter((c) => c.status === 'covered-by-automation').map((c) => c.id).sort();
    expect(covered).to.deep.equal(['C9290', 'C9291', 'C9292', 'C9293', 'C9294', 'C9310']);
    expect(report.testPlan.cases).to.have.length(61);
    expect(report.evidence.spec?.runId).to.equal(VALID.specRunId);
    expect(report.evidence.crud?.suiteId).to.equal('okta-crud');
    // Okta checks really ran against the emulator.
    expect(report.requirements.find((q) => q.id === `okta.app-instance:${VALID.appId}`)?.status).to.equal('pass');
    expect(r.html).to.contain('Submit integration would be enabled');
    expect(existsSync(join(r.dir, 'readiness.schema.json'))).to.equal(true);
  });

  describe('each kind of mistake gives exactly its one failing requirement (exit 1)', () => {
    for (const m of mistakes) {
      it(`${m.file}: ${m.mistake}`, async () => {
        const r = await run(m.file);
        expect(r.code, r.out + r.err).to.equal(1);
        const report = r.report!;
        expect(report.submitEnabled).to.equal(false);
        const failing = report.requirements.filter((q) => q.status === 'fail');
        expect(failing.map((q) => q.id), r.out).to.deep.equal([m.requirement]);
        const [only] = failing;
        expect(only?.message).to.contain(m.message);
        expect(only?.fix ?? '').to.not.equal('');
        // Anything else that is not checked waits for this one requirement.
        for (const q of report.requirements.filter((x) => x.status === 'blocked')) {
          expect(q.blockedBy, q.id).to.deep.equal([m.requirement]);
        }
        expect(r.out).to.contain(`FAIL ${m.requirement}`);
        expect(r.html).to.contain(`data-requirement-id="${m.requirement}" data-status="fail"`);
      });
    }
  });

  describe('an unreadable or invalid manifest is exit 2, naming the field', () => {
    for (const m of invalids) {
      it(`${m.file}: ${m.mistake}`, async () => {
        const r = await run(m.file);
        expect(r.code).to.equal(2);
        expect(r.err).to.contain(`${m.field}: `);
        expect(r.err).to.contain(m.message);
        expect(r.out).to.equal('');
        expect(existsSync(join(r.dir, 'readiness.json'))).to.equal(false);
        seen.push(r.err);
      });
    }

    it('a missing file and a missing --submission are exit 2', async () => {
      const missing = await run('no-such-manifest.json');
      expect(missing.code).to.equal(2);
      expect(missing.err).to.contain('no such file');
      const cap = captureIo(env());
      expect(await readinessCommand({}, cap.io)).to.equal(2);
      expect(cap.err()).to.contain('--submission FILE is required');
    });

    it('a wrong flag value is exit 2', async () => {
      expect((await run('valid.json', { maxResultAgeDays: 0 })).code).to.equal(2);
      expect((await run('valid.json', { oktaOrgUrl: 'not a url' })).code).to.equal(2);
    });
  });

  it('--format json prints readiness.json on stdout and the summary on stderr', async () => {
    const r = await run('valid.json', { format: 'json' });
    expect(r.code).to.equal(0);
    expect((JSON.parse(r.out) as ReadinessReport).submitEnabled).to.equal(true);
    expect(r.err).to.match(/would be ENABLED/);
  });

  it('the Okta token comes from the variable the manifest names, else OKTA_TOKEN', async () => {
    const named = await ws.writeManifest('named-token.json', (m) => { m.okta.tokenEnv = 'ACME_OKTA_TOKEN'; });
    const r = await run(named.slice(ws.dir.length + 1), {}, { ACME_OIN_TEST_PASSWORD: SECRETS.password, ACME_OKTA_TOKEN: emulator.token });
    expect(r.code, r.out).to.equal(0);
    const defaulted = await ws.writeManifest('default-token.json', (m) => { delete (m.okta as { tokenEnv?: string }).tokenEnv; });
    expect((await run(defaulted.slice(ws.dir.length + 1))).code).to.equal(0);
  });

  describe('secrets (runs last, over every output above)', () => {
    it('no secret (test password, Okta token) appears in readiness.json, readiness.html, stdout or stderr', async () => {
      // Also the manifest that carries the password in its instructions, and a wrong token.
      await run('mistakes/password-in-manifest.json');
      await run('valid.json', {}, { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: `${emulator.token}-wrong` });
      expect(seen.length).to.be.greaterThan(40);
      for (const secret of [SECRETS.password, emulator.token, 's3cr3t-report-token']) {
        const leaks = seen.filter((text) => text.includes(secret));
        expect(leaks.length, `${secret} leaked`).to.equal(0);
      }
    });
  });
});
