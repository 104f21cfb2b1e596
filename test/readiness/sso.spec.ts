/**
 * SSO submissions: the OIN Submission Tester results export (our documented format) must show
 * every required flow passed within 48 hours.
 */
import { writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { checkReadiness } from '../../src/readiness/check-readiness.js';
import type { OktaAppsApi } from '../../src/readiness/check-okta.js';
import { requiredTesterCases, type TesterResultsExport } from '../../src/readiness/check-sso.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';
import type { ReadinessReport } from '../../src/readiness/readiness-report.js';
import { createWorkspace, SECRETS, VALID, type Mutable, type Workspace } from './helpers.js';

const HOUR = 3_600_000;
const activeOrg: OktaAppsApi = {
  getApp: async (id) => ({ id, name: 'acme_directory', status: 'ACTIVE' }),
  listApps: async () => [{ id: VALID.appId, name: 'acme_directory', status: 'ACTIVE' }],
};

describe('readiness: SSO (OIN Submission Tester)', () => {
  let ws: Workspace;
  let exports = 0;
  before(async () => {
    ws = await createWorkspace();
  });
  after(async () => {
    await ws.close();
  });

  const ago = (hours: number): string => new Date(ws.now.getTime() - hours * HOUR).toISOString();

  async function check(sso: Mutable<NonNullable<SubmissionManifest['sso']>> | undefined, tests?: TesterResultsExport['tests'], extra: Partial<TesterResultsExport> = {}): Promise<ReadinessReport> {
    const manifest = (await ws.validManifest()) as Mutable<SubmissionManifest>;
    if (sso) {
      const file = `tester-results-${++exports}.json`;
      if (tests) await writeFile(ws.path(file), JSON.stringify({ format: 'oin-submission-tester-results', formatVersion: 1, appInstanceId: VALID.appId, tests, ...extra }));
      manifest.sso = { ...sso, testerResults: file };
    }
    return checkReadiness(manifest, {
      now: ws.now, baseDir: ws.dir, okta: activeOrg, env: { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: 'stub-token-value' },
    });
  }

  const sso = (flows: ('idp' | 'sp')[], jit: boolean): Mutable<NonNullable<SubmissionManifest['sso']>> => ({ protocol: 'saml', flows, jit, testerResults: '' });
  const failing = (r: ReadinessReport): string[] => r.requirements.filter((q) => q.status === 'fail').map((q) => q.id);
  const ssoStatuses = (r: ReadinessReport): Record<string, string> =>
    Object.fromEntries(r.requirements.filter((q) => q.section === 'sso').map((q) => [q.id, q.status]));

  it('required cases follow the Tester: IdP, SP, and one JIT case', () => {
    expect(requiredTesterCases(sso(['idp', 'sp'], true))).to.deep.equal(['idp-flow', 'sp-flow', 'jit-idp-flow']);
    expect(requiredTesterCases(sso(['sp'], true))).to.deep.equal(['sp-flow', 'jit-sp-flow']);
    expect(requiredTesterCases(sso(['idp'], false))).to.deep.equal(['idp-flow']);
  });

  it('a SCIM-only submission: the Tester does not apply', async () => {
    const report = await check(undefined);
    expect(ssoStatuses(report)).to.deep.equal({ 'sso.tester-results': 'n/a' });
    expect(report.submitEnabled).to.equal(true);
  });

  it('every required flow passed within 48 hours: Submit would be enabled', async () => {
    const report = await check(sso(['idp', 'sp'], true), [
      { case: 'idp-flow', result: 'passed', runAt: ago(2) },
      { case: 'sp-flow', result: 'passed', runAt: ago(3) },
      { case: 'jit-idp-flow', result: 'passed', runAt: ago(47) },
    ]);
    expect(ssoStatuses(report)).to.deep.equal({
      'sso.flows': 'pass', 'sso.tester-results': 'pass', 'sso.tester:idp-flow': 'pass', 'sso.tester:sp-flow': 'pass', 'sso.tester:jit-idp-flow': 'pass',
    });
    expect(report.submitEnabled).to.equal(true);
    expect(report.submission.sso).to.equal(true);
  });

  it('a result older than 48 hours, a failed latest run and a case not run each fail on their own', async () => {
    const report = await check(sso(['idp', 'sp'], true), [
      { case: 'idp-flow', result: 'passed', runAt: ago(49) },
      { case: 'sp-flow', result: 'passed', runAt: ago(10) },
      { case: 'sp-flow', result: 'failed', runAt: ago(1), message: 'ACS URL mismatch' },
    ]);
    expect(failing(report)).to.deep.equal(['sso.tester:idp-flow', 'sso.tester:sp-flow', 'sso.tester:jit-idp-flow']);
    const msg = (id: string): string => report.requirements.find((q) => q.id === id)?.message ?? '';
    expect(msg('sso.tester:idp-flow')).to.contain('expire after 48 hours');
    expect(msg('sso.tester:sp-flow')).to.contain('failed: ACS URL mismatch');
    expect(msg('sso.tester:jit-idp-flow')).to.contain('has not been run');
  });

  it('an export for another instance, or not in our format, fails sso.tester-results; the cases wait', async () => {
    const other = await check(sso(['sp'], false), [{ case: 'sp-flow', result: 'passed', runAt: ago(1) }], { appInstanceId: '0oaZZZZZZZZZZZZZZZZZ' });
    expect(failing(other)).to.deep.equal(['sso.tester-results']);
    expect(ssoStatuses(other)['sso.tester:sp-flow']).to.equal('blocked');
    await writeFile(ws.path('okta-export.json'), JSON.stringify({ results: [{ name: 'SP flow', status: 'PASSED' }] }));
    const manifest = (await ws.validManifest()) as Mutable<SubmissionManifest>;
    manifest.sso = { protocol: 'saml', flows: ['sp'], jit: false, testerResults: 'okta-export.json' };
    const foreign = await checkReadiness(manifest, { now: ws.now, baseDir: ws.dir, okta: activeOrg, env: { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: 't-value' } });
    expect(failing(foreign)).to.deep.equal(['sso.tester-results']);
    expect(foreign.requirements.find((q) => q.id === 'sso.tester-results')?.message).to.contain('is not a Tester results export');
  });
});
