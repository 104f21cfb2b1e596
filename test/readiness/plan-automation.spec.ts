/**
 * The manual test plan checklist with the okta-plan suites in the CRUD link's run: through the
 * manifest's org a case is automated and passed (linked to its step in the run's HTML report)
 * or automated and failed; through the emulator it is a local pre-check only; a case the
 * manifest records and no run demonstrates stays manual.
 */
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult, SuiteResult } from '../../src/model/result.js';
import { checkTestPlan, planAutomation, stepLink } from '../../src/readiness/check-test-plan.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';
import { renderHtml } from '../../src/report/html.js';
import { findSuites } from '../../src/suite/registry.js';
import { buildReport } from './helpers.js';

const LINK = 'runs/oin-crud/report.json';

/** The CRUD run plus every okta-plan suite, with `failing` step ids failed. */
function runWithPlan(okta: 'real' | 'emulator', failing: readonly string[] = []): RunReport {
  const base = buildReport({ runId: 'oin-crud', suite: 'okta-crud', finishedAt: new Date(), okta });
  const startedAt = base.meta.startedAt;
  const plan: SuiteResult[] = findSuites(['okta-plan']).suites.map((suite) => {
    const steps = suite.steps.flatMap((step): StepResult[] => step.kind !== 'request' ? [] : [{
      kind: 'request', stepId: step.id, title: step.title, level: step.level, refs: [...step.refs],
      verdict: failing.includes(step.id) ? 'fail' : 'pass', attempts: 1, assertions: [], extractions: [], scripts: [],
      pausedMs: 0, startedAt, durationMs: 3, runscopeVerdict: failing.includes(step.id) ? 'fail' : 'pass',
    }]);
    return {
      suiteId: suite.id, name: suite.name, source: { format: 'native' }, verdict: steps.some((s) => s.verdict === 'fail') ? 'fail' : 'pass',
      runscopeVerdict: 'pass', counts: { pass: steps.length, warn: 0, fail: 0, error: 0, skip: 0, 'n/a': 0 }, steps, cleanup: [],
    };
  });
  return { ...base, suites: [...base.suites, ...plan], meta: { ...base.meta, suites: [...base.meta.suites, ...plan.map((s) => s.suiteId)] } };
}

const manifestPlan = (cases: SubmissionManifest['testPlan']['cases'] = {}): SubmissionManifest['testPlan'] => ({ plan: 'okta-scim-test-plan-v2', cases });

describe('readiness: the test plan with the okta-plan suites', () => {
  it('through the org: cases the okta-plan steps demonstrate are automated and passed, each linked to its step in the run\'s HTML report', () => {
    const report = runWithPlan('real');
    const { cases, requirements } = checkTestPlan({ testPlan: manifestPlan(), planRun: { report, link: LINK, realOrg: true } });
    const automated = cases.filter((c) => c.status === 'automated-passed');
    expect(automated.length).to.be.at.least(35);
    const push = cases.find((c) => c.id === 'C9312');
    expect(push).to.deep.include({ status: 'automated-passed', stepId: 'okta-plan/group-push/group-a-has-user-1' });
    expect(push?.evidence).to.equal('runs/oin-crud/report.html#step-okta-plan_2f_group-push--okta-plan_2f_group-push_2f_group-a-has-user-1');
    // The anchor is the one the run's HTML report gives that step.
    expect(renderHtml(report)).to.contain(`id="${push?.evidence?.split('#')[1] ?? ''}"`);
    // What no automation covers stays manual: untracked unless the manifest records it.
    expect(cases.find((c) => c.id === 'C9342')?.status).to.equal('untracked');
    const tracked = requirements.find((r) => r.id === 'test-plan.tracked');
    expect(tracked?.status).to.equal('fail');
    expect(tracked?.message).to.match(/not recorded: .*C9342/).and.not.to.contain('emulator');
  });

  it('through the org: a case whose step failed is automated and failed, linked to the failed step, and fails the tracked requirement', () => {
    const report = runWithPlan('real', ['okta-plan/users/user-deactivated-in-app']);
    const all = Object.fromEntries(['C9296', 'C9297', 'C9342'].map((id) => [id, { status: 'pass' as const }]));
    const { cases, requirements } = checkTestPlan({ testPlan: manifestPlan(all), planRun: { report, link: 'https://reports.example/runs/oin-crud', realOrg: true } });
    expect(cases.find((c) => c.id === 'C9292')).to.deep.include({
      status: 'automated-failed', stepId: 'okta-plan/users/user-deactivated-in-app',
      evidence: 'https://reports.example/runs/oin-crud#step-okta-plan_2f_users--okta-plan_2f_users_2f_user-deactivated-in-app',
    });
    expect(requirements.find((r) => r.id === 'test-plan.tracked')?.message).to.match(/^1 case failed in the automated run through the org: C9292;/);
  });

  it('through the emulator: a local pre-check, not evidence — unrecorded cases say so, recorded ones keep the manifest\'s status', () => {
    const report = runWithPlan('emulator');
    const { cases, requirements } = checkTestPlan({ testPlan: manifestPlan({ C9312: { status: 'pass' } }), planRun: { report, link: LINK, realOrg: false } });
    expect(cases.find((c) => c.id === 'C9317')).to.deep.include({ status: 'automated-emulator', stepId: 'okta-plan/group-push/group-b-created-in-app' });
    expect(cases.find((c) => c.id === 'C9312')?.status).to.equal('pass');
    expect(cases.some((c) => c.status === 'automated-passed')).to.equal(false);
    expect(requirements.find((r) => r.id === 'test-plan.tracked')?.message).to.match(/passed only on the Okta org emulator \(a local pre-check, not evidence/);
  });

  it('reads each case from every step citing it: the first failed step, else the last passed one; cases no step cites have none', () => {
    const report = runWithPlan('real', ['okta-plan/group-push/group-a-has-only-user-2']);
    const byCase = planAutomation(report);
    expect(byCase.get('C9333')?.passed).to.equal(false);
    expect(byCase.get('C9332')?.passed).to.equal(true);
    expect(byCase.has('C9342')).to.equal(false);
    expect(stepLink('runs/x/report.json', 'okta-plan/users', 'okta-plan/users/app-instance')).to.equal('runs/x/report.html#step-okta-plan_2f_users--okta-plan_2f_users_2f_app-instance');
  });
});
