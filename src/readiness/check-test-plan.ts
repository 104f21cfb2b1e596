/**
 * The manual OIN test plan: every case is tracked (pass / not-applicable in the manifest, or
 * covered by the automated CRUD run, or by the okta-plan suites run through the org), ids are
 * the plan's, not-applicable says why, and the cases every SCIM integration must pass are not
 * waved away.
 *
 * The okta-plan suites' steps cite the cases they demonstrate (`OKTA-PLAN-C####`). Okta still
 * needs the plan worked through its own org, so, as for CRUD, their results are evidence only
 * when the run went through the manifest's org: then a case is automated and passed (linked to
 * its step in the report) or automated and failed; a run through the emulator is a local
 * pre-check, shown as such, and the case must still be recorded.
 */
import type { RunReport } from '../model/report.js';
import type { StepResult } from '../model/result.js';
import type { SubmissionManifest } from './manifest.js';
import type { PlanCaseResult } from './readiness-report.js';
import { failed, listSome, passed, plural, type RequirementResult, type RequirementRule } from './requirement.js';
import type { IdentifiedSuite } from './result-identity.js';
import {
  ALWAYS_APPLICABLE,
  AUTOMATED_COVERAGE,
  scenarioDemonstrated,
  TEST_PLANS,
  type CrudFlavour,
} from './test-plan.js';

export const PLAN_RULES = {
  tracked: {
    id: 'test-plan.tracked', section: 'test-plan', field: 'testPlan.cases',
    title: 'Every case of the test plan is tracked (pass, not-applicable, or covered by an automated run through the org) and none failed there',
    fix: 'Run the missing cases in the Okta org and record each as { "status": "pass" }, or { "status": "not-applicable", "note": "why" } for a feature the integration does not support; or run the okta-plan suites through the org (--okta-org-url) in the CRUD run. Fix what a failed okta-plan step shows, then run again.',
  },
  known: {
    id: 'test-plan.known-cases', section: 'test-plan', field: 'testPlan.cases',
    title: 'Every recorded case id is in the plan',
    fix: 'Use the case ids of the plan (C9296, C9297, …); remove or correct the others.',
  },
  notes: {
    id: 'test-plan.not-applicable-notes', section: 'test-plan', field: 'testPlan.cases',
    title: 'Every not-applicable case says why',
    fix: 'Add a "note" to each not-applicable case naming the unsupported feature, e.g. "Group Push is not supported".',
  },
  applicability: {
    id: 'test-plan.applicability', section: 'test-plan', field: 'testPlan.cases',
    title: 'Cases every SCIM integration must pass are not marked not-applicable',
    fix: 'Run these cases and record them as pass: app setup, provisioning, base attributes, the configuration guide, and what the mandatory CRUD test covers apply to every SCIM integration.',
  },
} as const satisfies Record<string, RequirementRule>;

/** The run that may hold the okta-plan suites (the CRUD link's report). */
export interface PlanRun {
  readonly report: RunReport;
  /** The link as shown (permalink or report path): step links point into its HTML page. */
  readonly link: string;
  /** The run went through the manifest's Okta org (results.crud.okta-org holds): its results are evidence. */
  readonly realOrg: boolean;
}

export interface PlanCheckInput {
  readonly testPlan: SubmissionManifest['testPlan'];
  /** The CRUD run, when every results.crud requirement holds. */
  readonly crud?: IdentifiedSuite;
  /** The CRUD link's report, whenever it could be read. */
  readonly planRun?: PlanRun;
}

/** What the okta-plan steps citing one case did: failed (any), else passed (any), with the step. */
interface CaseAutomation {
  readonly passed: boolean;
  readonly step: StepResult;
  readonly suiteId: string;
}

const PLAN_REF = /^OKTA-PLAN-(C\d+)$/;

/** Each case's okta-plan steps in a run: failed when one failed (its first failed step), else passed (its last passed step). */
export function planAutomation(report: RunReport): Map<string, CaseAutomation> {
  const out = new Map<string, CaseAutomation>();
  for (const suite of report.suites) {
    if (!suite.suiteId.startsWith('okta-plan/')) continue;
    for (const step of suite.steps) {
      if (step.kind !== 'request') continue;
      const failedStep = step.verdict === 'fail' || step.verdict === 'error' || step.verdict === 'warn';
      if (!failedStep && step.verdict !== 'pass') continue;
      for (const ref of step.refs) {
        const id = PLAN_REF.exec(ref)?.[1];
        if (id === undefined) continue;
        const seen = out.get(id);
        // The first failed step decides; else the last passed one (the check after the actions).
        if (seen === undefined || seen.passed) out.set(id, { passed: !failedStep, step, suiteId: suite.suiteId });
      }
    }
  }
  return out;
}

/**
 * The step's place in the run's HTML report: the report page's anchor (`step-<suite>--<step>`,
 * characters outside [A-Za-z0-9-] as `_<hex>_`, report/html.ts), on the page beside a report.json.
 */
export function stepLink(link: string, suiteId: string, stepId: string): string {
  const encode = (part: string): string => part.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.codePointAt(0)?.toString(16) ?? ''}_`);
  const page = link.replace(/report\.json$/, 'report.html');
  return `${page}#step-${encode(suiteId)}--${encode(stepId)}`;
}

export function checkTestPlan(input: PlanCheckInput): { requirements: RequirementResult[]; cases: PlanCaseResult[] } {
  const plan = TEST_PLANS[input.testPlan.plan];
  const recorded = input.testPlan.cases;
  const flavour = input.crud?.flavour;
  const crudFlavour: CrudFlavour | undefined = flavour === undefined || flavour === 'runscope' ? undefined : flavour;
  const automation = input.planRun ? planAutomation(input.planRun.report) : new Map<string, CaseAutomation>();
  const cases: PlanCaseResult[] = plan.map((planCase) => {
    const entry = Object.hasOwn(recorded, planCase.id) ? recorded[planCase.id] : undefined;
    const scenario = AUTOMATED_COVERAGE[planCase.id];
    const base = { id: planCase.id, section: planCase.section, title: planCase.title, ...(scenario ? { scenario } : {}) };
    const note = entry?.note !== undefined && entry.note.trim() !== '' ? { note: entry.note } : {};
    if (scenario && crudFlavour !== undefined && input.crud && scenarioDemonstrated(input.crud.suite, crudFlavour, scenario)) {
      return { ...base, status: 'covered-by-automation', ...note };
    }
    const auto = automation.get(planCase.id);
    if (auto && input.planRun) {
      const evidence = { evidence: stepLink(input.planRun.link, auto.suiteId, auto.step.stepId), stepId: auto.step.stepId };
      if (input.planRun.realOrg) return { ...base, status: auto.passed ? 'automated-passed' : 'automated-failed', ...evidence, ...note };
      // Through the emulator: a local pre-check, not evidence; the manifest's record decides.
      if (input.planRun.report.meta.target.okta === 'emulator' && !entry) return { ...base, status: 'automated-emulator', ...evidence };
    }
    if (entry) return { ...base, status: entry.status, ...note };
    return { ...base, status: scenario ? 'awaiting-automation' : 'untracked' };
  });

  const requirements: RequirementResult[] = [];
  const untracked = cases.filter((c) => c.status === 'untracked').map((c) => c.id);
  const emulatorOnly = cases.filter((c) => c.status === 'automated-emulator').map((c) => c.id);
  const automatedFailed = cases.filter((c) => c.status === 'automated-failed').map((c) => c.id);
  const covered = cases.filter((c) => c.status === 'covered-by-automation').length;
  const automated = cases.filter((c) => c.status === 'automated-passed').length;
  const problems = [
    ...(automatedFailed.length > 0 ? [`${plural(automatedFailed.length, 'case')} failed in the automated run through the org: ${listSome(automatedFailed, 8)}`] : []),
    ...(untracked.length > 0 ? [`${plural(untracked.length, 'case')} not recorded: ${listSome(untracked, 8)}`] : []),
    ...(emulatorOnly.length > 0 ? [`${plural(emulatorOnly.length, 'case')} passed only on the Okta org emulator (a local pre-check, not evidence: run them through the org or record them): ${listSome(emulatorOnly, 8)}`] : []),
  ];
  const coveredText = [
    ...(covered > 0 ? [`${covered} covered by the CRUD run`] : []),
    ...(automated > 0 ? [`${automated} automated through the org`] : []),
  ];
  requirements.push(problems.length > 0
    ? failed(PLAN_RULES.tracked, `${problems.join('; ')}.`)
    : passed(PLAN_RULES.tracked, `${plural(plan.length, 'case')} tracked${coveredText.length > 0 ? `, ${coveredText.join(', ')}` : ''}.`));

  const known = new Set(plan.map((c) => c.id));
  const unknown = Object.keys(recorded).filter((id) => !known.has(id));
  requirements.push(unknown.length > 0
    ? failed(PLAN_RULES.known, `Not in ${input.testPlan.plan}: ${listSome(unknown.map((u) => JSON.stringify(u)), 8)}.`)
    : passed(PLAN_RULES.known, 'All recorded ids are in the plan.'));

  const mustApply = (id: string): boolean => ALWAYS_APPLICABLE.has(id) || AUTOMATED_COVERAGE[id] !== undefined;
  const wavedAway = plan.filter((c) => mustApply(c.id) && recorded[c.id]?.status === 'not-applicable').map((c) => c.id);
  requirements.push(wavedAway.length > 0
    ? failed(PLAN_RULES.applicability, `Marked not-applicable but required of every SCIM integration: ${listSome(wavedAway, 8)}.`)
    : passed(PLAN_RULES.applicability, 'No required case is marked not-applicable.'));

  const noNote = Object.entries(recorded)
    .filter(([id, e]) => e.status === 'not-applicable' && (e.note ?? '').trim() === '' && !(known.has(id) && mustApply(id)))
    .map(([id]) => id);
  requirements.push(noNote.length > 0
    ? failed(PLAN_RULES.notes, `Not-applicable without a note: ${listSome(noNote, 8)}.`)
    : passed(PLAN_RULES.notes, 'Every not-applicable case has a note.'));

  return { requirements, cases };
}
