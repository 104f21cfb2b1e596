/**
 * Readiness for the Microsoft Entra app gallery beside OIN: real runs of entra, entra-gallery
 * and an OAuth client-credentials run against the reference server (OAuth mode) cover every
 * gate; a run against a server without Groups leaves the group gates uncovered with the step
 * that failed; what needs a real Entra tenant is always listed; the OIN verdict is unchanged.
 */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { OAuthTokenSource } from '../../src/http/oauth-client.js';
import { oauthVariables } from '../../src/cli/oauth-target.js';
import type { RunOptions } from '../../src/model/report.js';
import type { Suite } from '../../src/model/suite.js';
import { checkReadiness } from '../../src/readiness/check-readiness.js';
import { ENTRA_GATES, ENTRA_TENANT_TASKS } from '../../src/readiness/check-entra.js';
import { validateReadinessReport } from '../../src/readiness/readiness-report.js';
import { renderReadinessSummary } from '../../src/readiness/render-console.js';
import { renderReadinessHtml } from '../../src/readiness/render-html.js';
import { startReferenceServer, type DefectName } from '../../src/reference-server/index.js';
import { writeReport } from '../../src/report/write.js';
import { entraGallerySuite } from '../../suites/entra-gallery.js';
import { entraSuite } from '../../suites/entra.js';
import { oauthSuite } from '../../suites/oauth.js';
import { createWorkspace, type Workspace } from './helpers.js';

const RUN_OPTIONS: RunOptions = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5_000, seedUser: false, keepTestData: false };
const CLIENT = { clientId: 'gallery-client', clientSecret: 'gallery-secret-2468' };

/** Runs the suites against an OAuth-mode reference server and writes the report into the workspace. */
async function writeRealRun(ws: Workspace, suites: readonly Suite[], defects: readonly DefectName[] = []): Promise<string> {
  const server = await startReferenceServer({ defects, oauth: CLIENT });
  try {
    const settings = { tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT, audience: server.oauth?.audience ?? '' };
    const source = new OAuthTokenSource(settings, { timeoutMs: 5_000 });
    const report = await runPlan(
      { suites: [oauthSuite, ...suites], variables: { SCIMBaseURL: server.baseUrl, ...oauthVariables(settings) }, secrets: ['auth', 'SCIMAuth'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5_000, readBackTimeoutMs: 300, auth: source },
      { toolVersion: 'test', target: { scimUrl: server.baseUrl }, runOptions: RUN_OPTIONS },
    );
    return (await writeReport(report, ws.path('runs'))).json;
  } finally {
    await server.close();
  }
}

describe('readiness: Microsoft Entra app gallery beside OIN', function () {
  this.timeout(60_000);
  let ws: Workspace;
  beforeEach(async () => { ws = await createWorkspace(); });
  afterEach(async () => { await ws.close(); });

  it('without entraGallery in the manifest there is no Entra section', async () => {
    const report = await checkReadiness(await ws.validManifest(), { now: ws.now, baseDir: ws.dir, env: {} });
    expect(report.entraGallery).to.equal(undefined);
  });

  it('runs of entra, entra-gallery and OAuth client credentials cover every gate; the tenant-only tests are listed; the OIN verdict is unchanged', async () => {
    const run = await writeRealRun(ws, [entraSuite, entraGallerySuite]);
    const manifest = await ws.validManifest();
    const without = await checkReadiness(manifest, { now: ws.now, baseDir: ws.dir, env: {} });
    const report = await checkReadiness({ ...manifest, entraGallery: { results: [run] } }, { now: ws.now, baseDir: ws.dir, env: {} });
    const entra = report.entraGallery;
    expect(entra?.gates.map((g) => [g.id, g.status, g.status === 'pass' ? '' : g.message])).to.deep.equal(ENTRA_GATES.map((g) => [g.rule.id, 'pass', '']));
    expect(entra?.gatesCovered).to.equal(true);
    expect(entra?.needsTenant.map((t) => t.id)).to.deep.equal(ENTRA_TENANT_TASKS.map((t) => t.id));
    expect(report.submitEnabled).to.equal(without.submitEnabled);
    expect(report.counts).to.deep.equal(without.counts);
    expect(validateReadinessReport(JSON.parse(JSON.stringify(report))).ok).to.equal(true);
    const summary = renderReadinessSummary(report);
    expect(summary).to.include(`Microsoft Entra app gallery (not part of the OIN verdict): ${ENTRA_GATES.length} of ${ENTRA_GATES.length} gates covered`);
    expect(summary).to.include('Provision-on-Demand');
    const page = renderReadinessHtml(report);
    expect(page).to.include('data-testid="entra-gallery"');
    expect(page).to.include('data-tenant-task="entra.tenant.provisioning-cycle"');
  });

  it('a run against a server without Groups leaves the group gates uncovered, naming the failed step', async () => {
    const run = await writeRealRun(ws, [entraGallerySuite], ['no-groups']);
    const report = await checkReadiness({ ...(await ws.validManifest()), entraGallery: { results: [run] } }, { now: ws.now, baseDir: ws.dir, env: {} });
    const status = Object.fromEntries((report.entraGallery?.gates ?? []).map((g) => [g.id, g]));
    expect(status['entra.groups']?.status).to.equal('fail');
    expect(status['entra.groups']?.message).to.include('entra-gallery/groups-required (fail)');
    expect(status['entra.schema-discoverability']?.status).to.equal('fail');
    expect(status['entra.multi-member-patch']?.status).to.equal('fail');
    expect(status['entra.null-update']?.status).to.equal('pass');
    expect(status['entra.throughput']?.status).to.equal('pass');
    expect(status['entra.oauth']?.status).to.equal('pass');
    // No entra run was linked: the validator's required tests are not covered.
    expect(status['entra.validator-required']?.message).to.include('no linked run has the entra suite');
    expect(report.entraGallery?.gatesCovered).to.equal(false);
  });

  it('a link that is not a report fails its own requirement', async () => {
    const report = await checkReadiness({ ...(await ws.validManifest()), entraGallery: { results: ['runs/missing/report.json'] } }, { now: ws.now, baseDir: ws.dir, env: {} });
    expect(report.entraGallery?.gates[0]?.id).to.equal('entra.results.report:0');
    expect(report.entraGallery?.gates[0]?.status).to.equal('fail');
    expect(report.entraGallery?.gatesCovered).to.equal(false);
  });
});
