/**
 * When Okta's push fails, a CRUD read-back stops waiting at once and its reason quotes Okta: the
 * SCIM server refusing everything does not cost Okta's 20 s pause bound per step. With the Okta
 * org emulator the read-back is judged once after the push completed, quoting its task; with a
 * real org (here: the emulator reached only through the Management API, as a real org is) the
 * read-back polls and stops as soon as the app user's syncState says ERROR.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { startOktaEmulator } from '../../src/okta/emulator/index.js';
import { findSuites } from '../../src/suite/registry.js';
import { startOktaTarget } from '../../src/cli/okta-target.js';

const AUTH = 'Bearer push-failure-token';
const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: false, keepTestData: false } as const;

/** A SCIM server that answers 500 to everything. */
async function startRefusingScim(): Promise<{ server: Server; scimUrl: string }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'application/scim+json' });
    res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'database is down' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, scimUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2` };
}

describe('Okta push failures end a CRUD read-back at once', function () {
  this.timeout(30_000);

  it('a SCIM server that answers 500 to everything: user-created-in-scim fails with Okta\'s task message, not after the pause bound', async () => {
    const { server, scimUrl } = await startRefusingScim();
    const emulator = await startOktaEmulator({ scimUrl, scimAuth: AUTH, port: 0 });
    try {
      const report = await runPlan(
        {
          suites: findSuites(['okta-crud']).suites,
          variables: { SCIMBaseURL: scimUrl, SCIMUrl: scimUrl, auth: AUTH, SCIMAuth: AUTH, oktaOrgUrl: emulator.orgUrl, oktaAppId: emulator.appId, oktaToken: emulator.token },
          secrets: ['auth', 'SCIMAuth', 'oktaToken'],
          grep: [],
        },
        { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5000 },
        { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS, provisioning: { log: () => emulator.provisioningLog(), failures: () => emulator.pushFailures(), settled: () => emulator.awaitIdle() } },
      );
      const created = report.suites[0]?.steps.find((s) => s.stepId === 'okta-crud/user-created-in-scim');
      expect(created?.verdict).to.equal('fail');
      expect(created?.reason).to.match(/\(Okta's push failed: Automatic provisioning of user \S+ to app .+ failed: .*500.*\)/);
      expect(created?.attempts).to.be.below(10);
      expect(emulator.pushFailures().length).to.be.greaterThan(0);
      expect(JSON.stringify(report)).not.to.include('push-failure-token');
    } finally {
      await emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a real org: polling stops at once when Okta reports syncState ERROR for the app user, and says so', async () => {
    const { server, scimUrl } = await startRefusingScim();
    const emulator = await startOktaEmulator({ scimUrl, scimAuth: AUTH, port: 0 });
    const org = await startOktaTarget({ oktaOrgUrl: emulator.orgUrl, oktaAppId: emulator.appId, oktaToken: emulator.token, scimUrl, scimAuth: AUTH }, () => undefined);
    try {
      expect(org.mode).to.equal('real');
      expect(org.provisioning?.settled, 'a real org cannot say when its pushes are done').to.equal(undefined);
      const t0 = Date.now();
      const report = await runPlan(
        {
          suites: findSuites(['okta-crud']).suites,
          variables: { SCIMBaseURL: scimUrl, SCIMUrl: scimUrl, auth: AUTH, SCIMAuth: AUTH, ...org.variables },
          secrets: ['auth', 'SCIMAuth', 'oktaToken'],
          grep: [],
        },
        { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5000 },
        { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS, ...(org.provisioning ? { provisioning: org.provisioning } : {}) },
      );
      const created = report.suites[0]?.steps.find((s) => s.stepId === 'okta-crud/user-created-in-scim');
      expect(created?.verdict).to.equal('fail');
      expect(created?.reason).to.match(/\(not retried further: Okta's push failed: Okta reports the push failed: app user \S+ has syncState ERROR/);
      // Okta's bound for this read-back is 20 s; the whole suite ends long before it.
      expect(Date.now() - t0).to.be.below(8000);
    } finally {
      await org.close();
      await emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
