/**
 * Okta org requirements through the real client against the Okta org emulator (ACTIVE vs
 * INACTIVE instance, refused token, unreachable org), and the active-instance limit with a
 * stub org (the emulator holds one app instance).
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { checkReadiness } from '../../src/readiness/check-readiness.js';
import { MAX_ACTIVE_INSTANCES, type OktaAppsApi } from '../../src/readiness/check-okta.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';
import type { ReadinessReport } from '../../src/readiness/readiness-report.js';
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { closedPortUrl } from '../okta/helpers.js';
import { createWorkspace, SECRETS, VALID, type Workspace } from './helpers.js';

function oktaRequirements(report: ReadinessReport): Record<string, string> {
  return Object.fromEntries(report.requirements.filter((r) => r.section === 'okta').map((r) => [r.id, r.status]));
}

function failing(report: ReadinessReport): string[] {
  return report.requirements.filter((r) => r.status === 'fail').map((r) => r.id);
}

describe('readiness: Okta org and app instances', () => {
  let ws: Workspace;
  let manifest: SubmissionManifest;
  const emulators: OktaEmulator[] = [];

  before(async () => {
    ws = await createWorkspace();
    manifest = JSON.parse(await readFile(ws.path('valid.json'), 'utf8')) as SubmissionManifest;
  });
  after(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    await ws.close();
  });

  async function emulator(appStatus: 'ACTIVE' | 'INACTIVE'): Promise<OktaEmulator> {
    const e = await startOktaEmulator({ scimUrl: 'http://127.0.0.1:9/scim/v2', scimAuth: 'Bearer unused', appId: VALID.appId, appStatus });
    emulators.push(e);
    return e;
  }

  function check(options: { oktaOrgUrl?: string; token?: string; okta?: OktaAppsApi; manifest?: SubmissionManifest }): Promise<ReadinessReport> {
    return checkReadiness(options.manifest ?? manifest, {
      now: ws.now, baseDir: ws.dir,
      env: { ACME_OIN_TEST_PASSWORD: SECRETS.password, ...(options.token !== undefined ? { OKTA_TOKEN: options.token } : {}) },
      ...(options.oktaOrgUrl !== undefined ? { oktaOrgUrl: options.oktaOrgUrl } : {}),
      ...(options.okta !== undefined ? { okta: options.okta } : {}),
    });
  }

  it('an ACTIVE required instance passes (emulator, via the Okta client)', async () => {
    const e = await emulator('ACTIVE');
    const report = await check({ oktaOrgUrl: e.orgUrl, token: e.token });
    expect(oktaRequirements(report)).to.deep.equal({
      'okta.org-url': 'pass', 'okta.app-instance-ids': 'pass', 'okta.token': 'pass', 'okta.api-access': 'pass',
      [`okta.app-instance:${VALID.appId}`]: 'pass', 'okta.active-instance-limit': 'pass',
    });
    expect(report.submitEnabled).to.equal(true);
  });

  it('an INACTIVE required instance fails with its own message', async () => {
    const e = await emulator('INACTIVE');
    const report = await check({ oktaOrgUrl: e.orgUrl, token: e.token });
    expect(failing(report)).to.deep.equal([`okta.app-instance:${VALID.appId}`]);
    const r = report.requirements.find((q) => q.id === `okta.app-instance:${VALID.appId}`);
    expect(r?.message).to.match(/is INACTIVE, not ACTIVE\.$/);
    expect(r?.fix).to.contain(`Activate instance ${VALID.appId}`);
  });

  it('a refused token fails okta.api-access (without showing the token); the rest waits for it', async () => {
    const e = await emulator('ACTIVE');
    const wrong = `${e.token}x`;
    const report = await check({ oktaOrgUrl: e.orgUrl, token: wrong });
    expect(failing(report)).to.deep.equal(['okta.api-access']);
    expect(oktaRequirements(report)).to.include({ [`okta.app-instance:${VALID.appId}`]: 'blocked', 'okta.active-instance-limit': 'blocked' });
    const access = report.requirements.find((q) => q.id === 'okta.api-access');
    expect(access?.message).to.contain('401');
    expect(access?.fix).to.contain('token was refused');
    expect(JSON.stringify(report)).to.not.contain(wrong);
  });

  it('an unreachable org fails okta.api-access', async () => {
    const report = await check({ oktaOrgUrl: await closedPortUrl(), token: 'some-token-value' });
    expect(failing(report)).to.deep.equal(['okta.api-access']);
  });

  it('without the token, okta.token fails and the API checks are blocked by it', async () => {
    const report = await check({});
    expect(failing(report)).to.deep.equal(['okta.token']);
    for (const id of ['okta.api-access', `okta.app-instance:${VALID.appId}`, 'okta.active-instance-limit']) {
      const r = report.requirements.find((q) => q.id === id);
      expect(r?.status, id).to.equal('blocked');
      expect(r?.blockedBy).to.deep.equal(['okta.token']);
    }
  });

  it(`more than ${MAX_ACTIVE_INSTANCES} active instances of the app fail okta.active-instance-limit`, async () => {
    const apps = Array.from({ length: MAX_ACTIVE_INSTANCES + 1 }, (_, i) => ({
      id: i === 0 ? VALID.appId : `0oa${String(i).padStart(17, '0')}`, name: 'acme_directory', status: 'ACTIVE',
    }));
    const crowded: OktaAppsApi = {
      getApp: async (id) => apps.find((a) => a.id === id) ?? Promise.reject(new Error('unexpected')),
      listApps: async () => [...apps, { id: '0oaother00000000000', name: 'other_app', status: 'ACTIVE' }],
    };
    const report = await check({ okta: crowded, token: 'stub-token-value' });
    expect(failing(report)).to.deep.equal(['okta.active-instance-limit']);
    expect(report.requirements.find((q) => q.id === 'okta.active-instance-limit')?.message)
      .to.equal(`${MAX_ACTIVE_INSTANCES + 1} active instances of acme_directory; at most ${MAX_ACTIVE_INSTANCES} are allowed.`);
    const five: OktaAppsApi = { ...crowded, listApps: async () => apps.slice(0, MAX_ACTIVE_INSTANCES) };
    expect(failing(await check({ okta: five, token: 'stub-token-value' }))).to.deep.equal([]);
  });
});
