/**
 * The okta-plan suites (Okta's manual test plan, automated): against the reference server and
 * the Okta org emulator every step passes, the passing steps demonstrate at least 35 plan
 * cases, nothing is left behind and no test password reaches the report. Through an org that
 * is not the emulator (the emulator behind a front that drops its marker header, as a real org
 * has none), every Admin-Console-only step is n/a with the reason, nothing undocumented is
 * sent to the org, and the rest still passes or names the n/a step it depends on.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import { OKTA_SCIM_TEST_PLAN_V2 } from '../../src/readiness/test-plan.js';
import { findSuites } from '../../src/suite/registry.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import { startTargets, type Targets } from '../helpers/targets.js';

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: true, keepTestData: false } as const;
const PASSWORDS = ['Kv7J2LEa', 'Mq4T9zWb'];

/** A loopback front for the emulator that drops its marker header and records the paths asked. */
async function startRealOrgFront(target: string): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    paths.push(`${req.method ?? ''} ${new URL(req.url ?? '/', 'http://front').pathname}`);
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      delete headers['x-scim-conformance-emulator'];
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function runPlanSuites(targets: Targets, oktaOrgUrl?: string): Promise<RunReport> {
  const emulator = targets.emulator;
  if (!emulator) throw new Error('no emulator');
  return runPlan(
    { suites: [seedUserSuite, ...findSuites(['okta-plan']).suites], variables: { ...targets.variables, ...(oktaOrgUrl ? { oktaOrgUrl } : {}) }, secrets: ['auth', 'SCIMAuth', 'oktaToken'], grep: [] },
    { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5000 },
    {
      toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS,
      // A real org is not asked how its pushes went; the emulator is.
      ...(oktaOrgUrl ? {} : { provisioning: { log: () => emulator.provisioningLog(), failures: () => emulator.pushFailures(), settled: () => emulator.awaitIdle() } }),
    },
  );
}

function planSteps(report: RunReport): StepResult[] {
  return report.suites.filter((s) => s.suiteId.startsWith('okta-plan/')).flatMap((s) => s.steps.filter((st) => st.kind === 'request'));
}

const casesOf = (step: StepResult): string[] => step.refs.flatMap((r) => (r.startsWith('OKTA-PLAN-') ? [r.slice('OKTA-PLAN-'.length)] : []));

describe('okta-plan suites (Okta\'s manual test plan through an Okta org)', function () {
  this.timeout(120_000);

  it('pass against the reference server and the emulator, demonstrating at least 35 plan cases; nothing is left, no password is shown', async () => {
    const targets = await startTargets({ okta: true });
    try {
      const report = await runPlanSuites(targets);
      const steps = planSteps(report);
      expect(steps.filter((s) => s.verdict !== 'pass').map((s) => `${s.stepId}: ${s.verdict} ${s.reason ?? ''}`)).to.deep.equal([]);
      const known = new Set(OKTA_SCIM_TEST_PLAN_V2.map((c) => c.id));
      const cited = new Set(steps.flatMap(casesOf));
      expect([...cited].filter((id) => !known.has(id)), 'cited cases that are not in the plan').to.deep.equal([]);
      expect(cited.size, [...cited].sort().join(' ')).to.be.at.least(49);
      expect(steps.every((s) => casesOf(s).length > 0), 'every step cites a plan case').to.equal(true);
      for (const c of report.suites.flatMap((s) => s.cleanup)) expect(c.ok, `${c.title}: ${c.message ?? ''}`).to.equal(true);
      await targets.emulator?.awaitIdle();
      expect(targets.emulator?.users(), 'Okta users left').to.deep.equal([]);
      expect(targets.emulator?.groupPushMappings().filter((m) => !m.deleted), 'push mappings left').to.deep.equal([]);
      expect(targets.server.groups(), 'SCIM groups left').to.deep.equal([]);
      const text = JSON.stringify(report);
      for (const p of PASSWORDS) expect(text, 'a test password in the report').not.to.contain(p);
    } finally {
      await targets.close();
    }
  });

  it('through an org that is not the emulator: Admin-Console-only cases are n/a with the reason, nothing undocumented is sent, the rest runs', async () => {
    const targets = await startTargets({ okta: true });
    const front = await startRealOrgFront(targets.variables['oktaOrgUrl'] ?? '');
    try {
      const report = await runPlanSuites(targets, front.url);
      expect(front.paths.filter((p) => p.includes('/emulator/')), 'emulator admin calls sent to the org').to.deep.equal([]);
      const steps = planSteps(report);
      const na = steps.filter((s) => s.verdict === 'n/a');
      expect(na.map((s) => s.stepId)).to.include.members([
        'okta-plan/import/import-users', 'okta-plan/import/import-groups', 'okta-plan/user-schema/import-user-schema',
        'okta-plan/group-push/push-now', 'okta-plan/group-push/rename-app-groups-on', 'okta-plan/password-sync/turn-on-sync-password',
        'okta-plan/push-rules/create-push-rule', 'okta-plan/push-rules/group-r1-pushed-by-rule',
      ]);
      for (const s of na) expect(s.reason, s.stepId).to.match(/Management API|Admin Console|Sync Password|by hand|not confirmed/);
      expect(steps.find((s) => s.stepId === 'okta-plan/import/import-users')?.reason).to.contain('no call that starts an import');
      // Sync Password is off in this org: the password cases are n/a, not failed.
      expect(steps.filter((s) => s.stepId.startsWith('okta-plan/password-sync/') && !['pass', 'n/a'].includes(s.verdict)).map((s) => s.stepId)).to.deep.equal([]);
      const broken = steps.filter((s) => s.verdict === 'fail' || s.verdict === 'error' || s.verdict === 'warn');
      expect(broken.map((s) => `${s.stepId}: ${s.reason ?? ''}`)).to.deep.equal([]);
      for (const s of steps.filter((st) => st.verdict === 'skip')) expect(s.reason, s.stepId).to.match(/^needs \{\{\w+\}\}, which step okta-plan\/[\w-]+\/[\w-]+ did not produce/);
      expect(steps.filter((s) => s.verdict === 'pass').length).to.be.greaterThan(80);
      for (const c of report.suites.flatMap((s) => s.cleanup)) expect(c.ok, `${c.title}: ${c.message ?? ''}`).to.equal(true);
      expect(targets.emulator?.users(), 'Okta users left').to.deep.equal([]);
    } finally {
      await front.close();
      await targets.close();
    }
  });
});
