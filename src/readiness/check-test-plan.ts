/**
 * The manual OIN test plan: every case is tracked (pass / not-applicable in the manifest, or
 * covered by the automated CRUD run), ids are the plan's, not-applicable says why, and the
 * cases every SCIM integration must pass are not waved away.
 */
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
    title: 'Every case of the test plan is tracked (pass, not-applicable, or covered by the CRUD run)',
    fix: 'Run the missing cases in the Okta org and record each as { "status": "pass" }, or { "status": "not-applicable", "note": "why" } for a feature the integration does not support.',
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

export interface PlanCheckInput {
  readonly testPlan: SubmissionManifest['testPlan'];
  /** The CRUD run, when every results.crud requirement holds. */
  readonly crud?: IdentifiedSuite;
}

export function checkTestPlan(input: PlanCheckInput): { requirements: RequirementResult[]; cases: PlanCaseResult[] } {
  const plan = TEST_PLANS[input.testPlan.plan];
  const recorded = input.testPlan.cases;
  const flavour = input.crud?.flavour;
  const crudFlavour: CrudFlavour | undefined = flavour === undefined || flavour === 'runscope' ? undefined : flavour;
  const cases: PlanCaseResult[] = plan.map((planCase) => {
    const entry = Object.hasOwn(recorded, planCase.id) ? recorded[planCase.id] : undefined;
    const scenario = AUTOMATED_COVERAGE[planCase.id];
    const base = { id: planCase.id, section: planCase.section, title: planCase.title, ...(scenario ? { scenario } : {}) };
    const note = entry?.note !== undefined && entry.note.trim() !== '' ? { note: entry.note } : {};
    if (scenario && crudFlavour !== undefined && input.crud && scenarioDemonstrated(input.crud.suite, crudFlavour, scenario)) {
      return { ...base, status: 'covered-by-automation', ...note };
    }
    if (entry) return { ...base, status: entry.status, ...note };
    return { ...base, status: scenario ? 'awaiting-automation' : 'untracked' };
  });

  const requirements: RequirementResult[] = [];
  const untracked = cases.filter((c) => c.status === 'untracked').map((c) => c.id);
  const covered = cases.filter((c) => c.status === 'covered-by-automation').length;
  requirements.push(untracked.length > 0
    ? failed(PLAN_RULES.tracked, `${plural(untracked.length, 'case')} not recorded: ${listSome(untracked, 8)}.`)
    : passed(PLAN_RULES.tracked, `${plural(plan.length, 'case')} tracked${covered > 0 ? `, ${covered} covered by the CRUD run` : ''}.`));

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
