/** okta-spec against the reference server: green with a seed user; a clear precondition failure without one. */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import type { Suite } from '../../src/model/suite.js';
import { oktaSpecSuite } from '../../suites/okta-spec.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';
import { startTargets, type Targets } from '../helpers/targets.js';

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: false, keepTestData: false } as const;

async function run(targets: Targets, suites: readonly Suite[]): Promise<RunReport> {
  return runPlan({ suites, variables: targets.variables, secrets: ['auth'], grep: [] }, { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 200 }, {
    toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS,
  });
}

describe('okta-spec on the reference server', () => {
  let targets: Targets;
  beforeEach(async () => { targets = await startTargets(); });
  afterEach(async () => { await targets.close(); });

  it('passes every step with a seed user, deletes what it created, and leaves the server as it found it', async () => {
    const report = await run(targets, [seedUserSuite, oktaSpecSuite]);
    expect(report.summary.verdict).to.equal('pass');
    expect(report.summary.runscopeVerdict).to.equal('pass');
    expect(targets.server.users()).to.have.length(0);
    expect(report.suites.flatMap((s) => s.cleanup).map((c) => [c.ok, c.status])).to.deep.equal([[true, 204], [true, 204]]);
  });

  it('without any user: step 1 fails with the precondition and its hint, the step that needs its id is skipped naming it, nothing else cascades', async () => {
    const report = await run(targets, [oktaSpecSuite]);
    const steps = report.suites[0]!.steps.filter((s) => s.kind === 'request');
    const bad = Object.fromEntries(steps.filter((s) => s.verdict !== 'pass').map((s) => [s.stepId, s.verdict]));
    expect(bad).to.deep.equal({
      'okta-spec/users-list-returns-list-response': 'fail',
      'okta-spec/get-user-by-id': 'skip',
    });
    const first = steps[0]!;
    expect(first.reason).to.match(/Resources not_empty: expected a non-empty value but got \[\]/);
    expect(first.assertions.some((a) => a.title.startsWith('precondition: at least one user exists (create one first, or pass --seed-user)') && a.verdict === 'fail')).to.equal(true);
    expect(first.fix).to.include('--seed-user');
    expect(steps[1]!.reason).to.equal('needs {{ISVUserid}}, which step okta-spec/users-list-returns-list-response did not produce');
  });
});
