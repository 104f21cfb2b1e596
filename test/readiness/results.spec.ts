/**
 * The SPEC and CRUD result links against real report files (written with the project's
 * report writer) and the report server: stale, future, failing, interrupted, filtered,
 * wrong target, edited (integrity), not ours, wrong test, emulator CRUD, Runscope exports,
 * permalinks with and without the server's access token. Each gives its one message.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import { countVerdicts } from '../../src/model/verdict.js';
import { checkReadiness } from '../../src/readiness/check-readiness.js';
import type { OktaAppsApi } from '../../src/readiness/check-okta.js';
import type { ReadinessReport } from '../../src/readiness/readiness-report.js';
import { startReportServer, type ReportServer } from '../../src/report/server/index.js';
import { writeReport } from '../../src/report/write.js';
import { oktaFile } from '../helpers/okta-files.js';
import { buildReport, createWorkspace, SECRETS, VALID, type Mutable, type Workspace } from './helpers.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';

const DAY = 86_400_000;

/** An org where the required instance is ACTIVE (the emulator is exercised in okta.spec.ts). */
const activeOrg: OktaAppsApi = {
  getApp: async (id) => ({ id, name: 'acme_directory', label: 'Acme Directory', status: 'ACTIVE' }),
  listApps: async () => [{ id: VALID.appId, name: 'acme_directory', status: 'ACTIVE' }],
};

function notHolding(report: ReadinessReport): { fail: string[]; blocked: string[] } {
  return {
    fail: report.requirements.filter((r) => r.status === 'fail').map((r) => r.id),
    blocked: report.requirements.filter((r) => r.status === 'blocked').map((r) => r.id),
  };
}

function requirement(report: ReadinessReport, id: string) {
  const found = report.requirements.find((r) => r.id === id);
  if (!found) throw new Error(`no requirement ${id}`);
  return found;
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** A Runscope run of Okta's CRUD export: request steps at the export's step numbers. */
function runscopeCrudReport(runId: string, finishedAt: Date, sha: string, failIndex?: number): RunReport {
  const base = buildReport({ runId, suite: 'okta-crud', finishedAt });
  const startedAt = base.meta.startedAt;
  const requests = [1, 2, 3, 5, 6, 8, 9, 11, 12, 13, 15, 17, 19];
  const steps: StepResult[] = Array.from({ length: 19 }, (_, i): StepResult => {
    const n = i + 1;
    const isRequest = requests.includes(n);
    const fails = n === failIndex;
    return {
      kind: isRequest ? 'request' : 'pause', stepId: `okta-scim-2-0-crud-test/${String(n).padStart(2, '0')}-${isRequest ? 'request' : 'pause-20s'}`,
      title: `Step ${n}`, level: 'required', refs: ['OKTA-CRUD'], verdict: fails ? 'fail' : 'pass', ...(fails ? { reason: 'failed' } : {}),
      attempts: isRequest ? 1 : 0, assertions: [], extractions: [], scripts: [], pausedMs: 0, startedAt, durationMs: 1,
      runscopeVerdict: fails ? 'fail' : 'pass', sourceIndex: n,
    };
  });
  const counts = countVerdicts(steps.filter((s) => s.kind === 'request').map((s) => s.verdict));
  const suite = { ...base.suites[0]!, suiteId: 'okta-scim-2-0-crud-test', name: 'Okta SCIM 2.0 CRUD Test',
    source: { format: 'runscope' as const, path: 'Okta-SCIM-20-CRUD-Test.json', sha256: sha }, steps, counts, verdict: counts.fail > 0 ? 'fail' as const : 'pass' as const };
  return { ...base, meta: { ...base.meta, suites: [suite.suiteId] }, suites: [suite], summary: { ...base.summary, counts, verdict: suite.verdict } };
}

describe('readiness: result links', () => {
  let ws: Workspace;
  const now = new Date();

  before(async () => {
    ws = await createWorkspace({ now });
  });
  after(async () => {
    await ws.close();
  });

  async function check(edit: (m: Mutable<SubmissionManifest>) => void = () => undefined, options: { resultMaxAgeMs?: number; env?: Record<string, string> } = {}): Promise<ReadinessReport> {
    const manifest = JSON.parse(await readFile(ws.path('valid.json'), 'utf8')) as Mutable<SubmissionManifest>;
    edit(manifest);
    return checkReadiness(manifest, {
      now, baseDir: ws.dir, okta: activeOrg,
      env: { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: 'unused-token-value', ...options.env },
      ...(options.resultMaxAgeMs !== undefined ? { resultMaxAgeMs: options.resultMaxAgeMs } : {}),
    });
  }

  it('passing, recent runs: every results requirement passes', async () => {
    const report = await check();
    expect(notHolding(report)).to.deep.equal({ fail: [], blocked: [] });
  });

  it('a stale SPEC run fails results.spec.recent only; the window is configurable', async () => {
    await ws.writeRun({ runId: 'stale-spec', suite: 'okta-spec', finishedAt: new Date(now.getTime() - 40 * DAY) });
    const report = await check((m) => { m.results.spec = 'runs/stale-spec/report.json'; });
    expect(notHolding(report)).to.deep.equal({ fail: ['results.spec.recent'], blocked: [] });
    expect(requirement(report, 'results.spec.recent').message).to.match(/40 days ago; results older than 30 days are stale/);
    const wider = await check((m) => { m.results.spec = 'runs/stale-spec/report.json'; }, { resultMaxAgeMs: 60 * DAY });
    expect(notHolding(wider).fail).to.deep.equal([]);
  });

  it('a run finished in the future fails results.spec.recent', async () => {
    await ws.writeRun({ runId: 'future-spec', suite: 'okta-spec', finishedAt: new Date(now.getTime() + 2 * 3_600_000) });
    const report = await check((m) => { m.results.spec = 'runs/future-spec/report.json'; });
    expect(notHolding(report).fail).to.deep.equal(['results.spec.recent']);
    expect(requirement(report, 'results.spec.recent').message).to.contain('in the future');
  });

  it('a failing SPEC run fails results.spec.passed, naming the step', async () => {
    await ws.writeRun({ runId: 'failing-spec', suite: 'okta-spec', failSteps: ['create-user-returns-201'] });
    const report = await check((m) => { m.results.spec = 'runs/failing-spec/report.json'; });
    expect(notHolding(report)).to.deep.equal({ fail: ['results.spec.passed'], blocked: [] });
    expect(requirement(report, 'results.spec.passed').message).to.equal('1 failed step: okta-spec/create-user-returns-201 (fail).');
  });

  it('a failing CRUD run fails results.crud.passed; its manual cases then await the CRUD run (no second failure)', async () => {
    await ws.writeRun({ runId: 'failing-crud', suite: 'okta-crud', failSteps: ['user-deactivated-in-scim'] });
    const report = await check((m) => { m.results.crud = 'runs/failing-crud/report.json'; });
    expect(notHolding(report)).to.deep.equal({ fail: ['results.crud.passed'], blocked: [] });
    const awaiting = report.testPlan.cases.filter((c) => c.status === 'awaiting-automation').map((c) => c.id).sort();
    expect(awaiting).to.deep.equal(['C9290', 'C9291', 'C9292', 'C9293', 'C9294', 'C9310']);
  });

  it('an interrupted run and a --grep run are not whole runs', async () => {
    await ws.writeRun({ runId: 'partial-spec', suite: 'okta-spec', complete: false });
    await ws.writeRun({ runId: 'grep-spec', suite: 'okta-spec', grep: ['okta-spec/create'] });
    const partial = await check((m) => { m.results.spec = 'runs/partial-spec/report.json'; });
    expect(notHolding(partial).fail).to.deep.equal(['results.spec.passed']);
    expect(requirement(partial, 'results.spec.passed').message).to.contain('did not complete');
    const grep = await check((m) => { m.results.spec = 'runs/grep-spec/report.json'; });
    expect(notHolding(grep).fail).to.deep.equal(['results.spec.passed']);
    expect(requirement(grep, 'results.spec.passed').message).to.contain('--grep okta-spec/create');
  });

  it('a run against another SCIM server fails results.spec.target; URL spelling differences do not', async () => {
    await ws.writeRun({ runId: 'staging-spec', suite: 'okta-spec', scimUrl: 'https://staging.acme-directory.example/scim/v2' });
    const report = await check((m) => { m.results.spec = 'runs/staging-spec/report.json'; });
    expect(notHolding(report).fail).to.deep.equal(['results.spec.target']);
    expect(requirement(report, 'results.spec.target').message).to.equal(
      'The SPEC run tested https://staging.acme-directory.example/scim/v2, but scim.baseUrl is https://oin-test.acme-directory.example/scim/v2.');
    await ws.writeRun({ runId: 'spelled-spec', suite: 'okta-spec', scimUrl: 'HTTPS://OIN-TEST.acme-directory.example:443/scim/v2/' });
    const same = await check((m) => { m.results.spec = 'runs/spelled-spec/report.json'; });
    expect(notHolding(same).fail).to.deep.equal([]);
  });

  it('an edited report fails its integrity; what depends on it is blocked', async () => {
    const path = await ws.writeRun({ runId: 'edited-spec', suite: 'okta-spec', failSteps: ['get-created-user'] });
    const edited = JSON.parse(await readFile(path, 'utf8')) as Mutable<RunReport>;
    edited.summary.counts = { ...edited.summary.counts, fail: 0, pass: edited.summary.counts.pass + 1 };
    await writeFile(path, JSON.stringify(edited, null, 2));
    const report = await check((m) => { m.results.spec = 'runs/edited-spec/report.json'; });
    expect(notHolding(report)).to.deep.equal({
      fail: ['results.spec.report'],
      blocked: ['results.spec.suite', 'results.spec.target', 'results.spec.passed', 'results.spec.recent'],
    });
    expect(requirement(report, 'results.spec.report').message).to.contain('edited after it was written');
  });

  it('a report without integrity, a JSON file that is no report, and a missing file are not our reports', async () => {
    const path = await ws.writeRun({ runId: 'unstamped-spec', suite: 'okta-spec' });
    const { integrity: _dropped, ...unstamped } = JSON.parse(await readFile(path, 'utf8')) as RunReport;
    await writeFile(path, JSON.stringify(unstamped));
    await writeFile(ws.path('not-a-report.json'), JSON.stringify({ name: 'Okta SCIM 2.0 SPEC Test', result: 'pass' }));
    const cases: [string, string][] = [
      ['runs/unstamped-spec/report.json', 'no integrity hash'],
      ['not-a-report.json', 'is not a valid scim-conformance report'],
      ['runs/nothing-here/report.json', 'No file at'],
      ['runs/oin-spec', 'Run oin-spec, integrity verified'],
    ];
    for (const [link, message] of cases) {
      const report = await check((m) => { m.results.spec = link; });
      expect(requirement(report, 'results.spec.report').message, link).to.contain(message);
    }
  });

  it('a CRUD run through the emulator or another org fails results.crud.okta-org', async () => {
    await ws.writeRun({ runId: 'emulated-crud', suite: 'okta-crud', okta: 'emulator', oktaOrgUrl: 'http://127.0.0.1:40000' });
    await ws.writeRun({ runId: 'other-org-crud', suite: 'okta-crud', oktaOrgUrl: 'https://dev-99.okta.com' });
    const emulated = await check((m) => { m.results.crud = 'runs/emulated-crud/report.json'; });
    expect(notHolding(emulated).fail).to.deep.equal(['results.crud.okta-org']);
    expect(requirement(emulated, 'results.crud.okta-org').message).to.contain('emulator');
    const other = await check((m) => { m.results.crud = 'runs/other-org-crud/report.json'; });
    expect(notHolding(other).fail).to.deep.equal(['results.crud.okta-org']);
    expect(requirement(other, 'results.crud.okta-org').message).to.contain('https://dev-99.okta.com');
  });

  it("Runscope runs of Okta's unmodified exports count; a modified export does not", async () => {
    const specSha = await sha256(oktaFile('Okta-SCIM-20-SPEC-Test.json'));
    const crudSha = await sha256(oktaFile('Okta-SCIM-20-CRUD-Test.json'));
    const runscopeSpec = (runId: string, sha: string): RunReport => {
      const r = buildReport({ runId, suite: 'okta-spec', finishedAt: new Date(now.getTime() - 3_600_000) });
      const suite = { ...r.suites[0]!, suiteId: 'okta-scim-2-0-spec-test', name: 'Okta SCIM 2.0 SPEC Test', source: { format: 'runscope' as const, sha256: sha } };
      return { ...r, meta: { ...r.meta, suites: [suite.suiteId] }, suites: [suite] };
    };
    await writeReport(runscopeSpec('runscope-spec', specSha), ws.path('runs'));
    await writeReport(runscopeSpec('modified-spec', 'f'.repeat(64)), ws.path('runs'));
    await writeReport(runscopeCrudReport('runscope-crud', new Date(now.getTime() - 3_600_000), crudSha), ws.path('runs'));
    await writeReport(runscopeCrudReport('runscope-crud-failing', new Date(now.getTime() - 3_600_000), crudSha, 15), ws.path('runs'));

    const ok = await check((m) => { m.results.spec = 'runs/runscope-spec'; m.results.crud = 'runs/runscope-crud'; });
    expect(notHolding(ok)).to.deep.equal({ fail: [], blocked: [] });
    expect(requirement(ok, 'results.spec.suite').message).to.contain("Okta-SCIM-20-SPEC-Test.json (Okta's Runscope export)");
    // The CRUD export's step numbers map the automated manual cases.
    expect(ok.testPlan.cases.filter((c) => c.status === 'covered-by-automation')).to.have.length(6);

    const modified = await check((m) => { m.results.spec = 'runs/modified-spec'; });
    expect(notHolding(modified).fail).to.deep.equal(['results.spec.suite']);
    expect(requirement(modified, 'results.spec.suite').message).to.contain("not one of Okta's published SPEC exports");

    const failing = await check((m) => { m.results.crud = 'runs/runscope-crud-failing'; });
    expect(notHolding(failing).fail).to.deep.equal(['results.crud.passed']);
    expect(requirement(failing, 'results.crud.passed').message).to.contain('okta-scim-2-0-crud-test/15-request (fail)');
  });

  describe('permalinks on the report server', () => {
    let server: ReportServer;
    before(async () => {
      server = await startReportServer({ dir: ws.path('runs'), port: 0, token: SECRETS.reportToken });
    });
    after(async () => {
      await server.close();
    });

    it('resolve with the access token from the named variable, and say so without it', async () => {
      const edit = (m: Mutable<SubmissionManifest>): void => {
        m.results.spec = `${server.url}runs/${VALID.specRunId}`;
        m.results.crud = `${server.url}runs/${VALID.crudRunId}/`;
        m.results.accessTokenEnv = 'ACME_REPORT_TOKEN';
      };
      const withToken = await check(edit, { env: { ACME_REPORT_TOKEN: SECRETS.reportToken } });
      expect(notHolding(withToken)).to.deep.equal({ fail: [], blocked: [] });
      expect(withToken.evidence.spec?.runId).to.equal(VALID.specRunId);

      const without = await check(edit);
      expect(notHolding(without).fail).to.deep.equal(['results.spec.report', 'results.crud.report']);
      expect(requirement(without, 'results.spec.report').message).to.contain('wants its access token');
      expect(requirement(without, 'results.spec.report').fix).to.equal('Set ACME_REPORT_TOKEN to the report server\'s access token.');
      expect(JSON.stringify([withToken, without])).to.not.contain(SECRETS.reportToken);
    });

    it('a permalink to a run that is not there is a 404 message', async () => {
      const report = await check((m) => { m.results.accessTokenEnv = 'ACME_REPORT_TOKEN'; m.results.spec = `${server.url}runs/no-such-run/index.html`; },
        { env: { ACME_REPORT_TOKEN: SECRETS.reportToken } });
      expect(requirement(report, 'results.spec.report').message).to.contain('404: no run no-such-run');
    });
  });
});
