/**
 * Self-test by mutation (DESIGN.md core decision 11): the correct reference server passes every
 * suite we ship, and each defect profile fails exactly the steps fixtures/expectations.json lists.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import { DEFECT_NAMES, type DefectName } from '../../src/reference-server/index.js';
import { findSuites, NATIVE_SUITES } from '../../src/suite/registry.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import { runOAuthSuite } from '../helpers/oauth-targets.js';
import { startTargets } from '../helpers/targets.js';

const expectations = JSON.parse(readFileSync(new URL('../../fixtures/expectations.json', import.meta.url), 'utf8')) as {
  profiles: Record<string, Record<string, string>>;
};

const OKTA_SUITES = new Set(['okta-crud', 'okta-groups']);
const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: true, keepTestData: false } as const;

async function runSuites(suiteIds: readonly string[], defects: readonly DefectName[]): Promise<{ report: RunReport; leftUsers: number }> {
  const { suites } = findSuites(suiteIds);
  const targets = await startTargets({ defects, okta: suites.some((s) => OKTA_SUITES.has(s.id) || s.id.startsWith('okta-plan/')) });
  const emulator = targets.emulator;
  try {
    const report = await runPlan(
      { suites: [seedUserSuite, ...suites], variables: targets.variables, secrets: ['auth', 'SCIMAuth', 'oktaToken'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5000 },
      // As the CLI does: read-backs of Okta's pushes are judged once the emulator's pushes settled.
      { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS, ...(emulator ? { provisioning: { log: () => emulator.provisioningLog(), failures: () => emulator.pushFailures(), settled: () => emulator.awaitIdle() } } : {}) },
    );
    return { report, leftUsers: targets.emulator?.users().length ?? 0 };
  } finally {
    await targets.close();
  }
}

function nonPassing(report: RunReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const suite of report.suites) {
    if (suite.suiteId.startsWith('setup/')) continue;
    for (const step of suite.steps) if (step.kind === 'request' && step.verdict !== 'pass') out[step.stepId] = step.verdict;
  }
  return out;
}

describe('defect profiles (self-test by mutation)', function () {
  this.timeout(60_000);

  it('the correct reference server passes every native suite, with no warning, and nothing is left behind', async () => {
    const { report, leftUsers } = await runSuites(NATIVE_SUITES.map((s) => s.id), []);
    expect(nonPassing(report)).to.deep.equal({});
    expect(report.summary.verdict).to.equal('pass');
    expect(leftUsers, 'Okta users left in the emulator').to.equal(0);
    for (const c of report.suites.flatMap((s) => s.cleanup)) expect(c.ok, c.title).to.equal(true);
  });

  it('every defect profile is caught by at least one step', () => {
    const uncaught = DEFECT_NAMES.filter((d) => Object.keys(expectations.profiles[d] ?? {}).length === 0);
    expect(uncaught, 'defects no step catches').to.deep.equal([]);
    const unknown = Object.keys(expectations.profiles).filter((d) => !(DEFECT_NAMES as readonly string[]).includes(d));
    expect(unknown, 'expectations for defects that do not exist').to.deep.equal([]);
  });

  for (const defect of DEFECT_NAMES) {
    const expected = expectations.profiles[defect] ?? {};
    const suiteIds = [...new Set(Object.keys(expected).map((id) => id.split('/')[0] ?? id))];
    if (suiteIds.length === 0) continue;
    it(`${defect}: fails exactly ${Object.keys(expected).length} listed step(s) of ${suiteIds.join(', ')}`, async () => {
      // The oauth suite (not in the registry) runs against the reference server's OAuth mode.
      const { report } = suiteIds.includes('oauth') ? { report: await runOAuthSuite({ defects: [defect] }) } : await runSuites(suiteIds, [defect]);
      expect(nonPassing(report)).to.deep.equal(expected);
    });
  }
});
