/**
 * When the Okta org emulator's push fails (its admin task would say so), a CRUD read-back stops
 * waiting at once and its reason quotes Okta's task: the SCIM server refusing everything does
 * not cost Okta's 20 s pause bound per step.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { startOktaEmulator } from '../../src/okta/emulator/index.js';
import { findSuites } from '../../src/suite/registry.js';

const AUTH = 'Bearer push-failure-token';
const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: false, keepTestData: false } as const;

describe('Okta push failures end a CRUD read-back at once', function () {
  this.timeout(30_000);

  it('a SCIM server that answers 500 to everything: user-created-in-scim fails with Okta\'s task message, not after the pause bound', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/scim+json' });
      res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'database is down' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const scimUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
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
        { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS, provisioning: { log: () => emulator.provisioningLog(), failures: () => emulator.pushFailures() } },
      );
      const created = report.suites[0]?.steps.find((s) => s.stepId === 'okta-crud/user-created-in-scim');
      expect(created?.verdict).to.equal('fail');
      expect(created?.reason).to.match(/\(not retried further: Okta's push failed: Automatic provisioning of user \S+ to app .+ failed: .*500.*\)/);
      expect(created?.attempts).to.be.below(10);
      expect(emulator.pushFailures().length).to.be.greaterThan(0);
      expect(JSON.stringify(report)).not.to.include('push-failure-token');
    } finally {
      await emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
