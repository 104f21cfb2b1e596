/**
 * The manual OIN test plan the OIN docs link to ("Okta SCIM Test Plan" v2,
 * `okta-scim-test-plan-v2.xlsx`; okta-runscope.md §8): its 61 case ids and sections, with
 * short titles in our own words (the plan's full text stays Okta's: read it there). A test
 * checks these ids against the extraction in ../shared/okta.
 *
 * It also says which cases our automated okta-crud run demonstrates (AUTOMATED_COVERAGE).
 * Neither Okta's plan nor its CRUD suite refers to the other; the mapping is ours
 * (okta-runscope.md §8, "inferred"), kept deliberately narrow: a case is covered only when
 * the CRUD run performs that very scenario end to end through Okta.
 */
import type { StepResult, SuiteResult } from '../model/result.js';
import type { TestPlanId } from './manifest.js';

export type PlanSection =
  | 'setup'
  | 'provisioning'
  | 'attributes'
  | 'guide'
  | 'create'
  | 'update'
  | 'deprovision'
  | 'password'
  | 'import-users'
  | 'import-groups'
  | 'group-push'
  | 'profile-sourcing';

export const PLAN_SECTION_TITLES: Readonly<Record<PlanSection, string>> = {
  setup: 'Setup: people, groups and the app',
  provisioning: 'Setup: provisioning and sign-in',
  attributes: 'Setup: attributes and mappings',
  guide: 'Setup: configuration guide',
  create: 'Create users',
  update: 'Update users',
  deprovision: 'Deactivate users',
  password: 'Password sync',
  'import-users': 'Import users',
  'import-groups': 'Import groups',
  'group-push': 'Group Push',
  'profile-sourcing': 'Profile sourcing',
};

export interface PlanCase {
  readonly id: string;
  readonly section: PlanSection;
  /** Our short wording of what the case verifies. */
  readonly title: string;
}

const c = (id: string, section: PlanSection, title: string): PlanCase => ({ id, section, title });

/** The 61 cases of okta-scim-test-plan-v2, in the plan's order. */
export const OKTA_SCIM_TEST_PLAN_V2: readonly PlanCase[] = [
  c('C9296', 'setup', 'Create Okta users'),
  c('C9297', 'setup', 'Create an Okta group'),
  c('C9298', 'setup', 'Configure the SCIM app instance'),
  c('C9308', 'setup', 'Add users to the group'),
  c('C9313', 'setup', 'Group Push renames app groups to match Okta (flag on)'),
  c('C9314', 'setup', 'Group Push keeps app group names (flag off)'),
  c('C21902', 'provisioning', 'OAuth 2.0: redirect URIs not on the allow list are refused'),
  c('C9306', 'provisioning', 'Turn on provisioning and its features'),
  c('C9339', 'provisioning', 'With provisioning off, nothing reaches the app'),
  c('C9340', 'provisioning', 'Provisioning with wrong credentials shows an error'),
  c('C9341', 'provisioning', 'Provisioning accepts corrected credentials'),
  c('C9342', 'provisioning', 'SWA sign-in from the Okta dashboard'),
  c('C9343', 'provisioning', 'SAML sign-in'),
  c('C9289', 'attributes', 'Attribute types in the Profile Editor'),
  c('C9344', 'attributes', 'Base attributes present (username, given and family name)'),
  c('C9345', 'attributes', 'Attribute mappings as configured'),
  c('C9299', 'guide', 'Configuration guide is published and complete'),
  c('C9290', 'create', 'Assigning a new user creates it in the app'),
  c('C9293', 'create', 'Reactivating a user reactivates the same app user'),
  c('C9300', 'create', 'Unsuspending a user restores access'),
  c('C9307', 'create', 'Assigning a group creates its members in the app'),
  c('C9334', 'create', 'Assigning a user with every attribute set creates it fully'),
  c('C9335', 'create', 'Assigning a user who already exists in the app links it'),
  c('C9336', 'create', 'Assigning a user with a unique userName and email'),
  c('C9291', 'update', 'Profile changes reach the app user'),
  c('C9309', 'update', 'Group-assignment attribute changes reach the app'),
  c('C9310', 'update', 'User-profile attribute changes reach the app'),
  c('C9337', 'update', 'Emptied attributes are pushed without errors'),
  c('C9292', 'deprovision', 'Deactivating a user deactivates the app user'),
  c('C9294', 'deprovision', 'Unassigning a user removes app access'),
  c('C9295', 'deprovision', 'Suspending a user blocks sign-in and keeps assignments'),
  c('C9311', 'deprovision', 'Unassigning a group removes or deactivates its users'),
  c('C9301', 'password', 'Password sync sets the app password'),
  c('C9302', 'password', 'Password changes sync to the app'),
  c('C9303', 'import-users', 'Import users from the app'),
  c('C9304', 'import-users', 'Import reports scanned and new users'),
  c('C9305', 'import-users', 'Import, then update the user assignment'),
  c('C9338', 'import-groups', 'Import groups from the app'),
  c('C9312', 'group-push', 'Push a group: created in the app with its members'),
  c('C9315', 'group-push', 'Link a pushed group and rename the app group'),
  c('C9316', 'group-push', 'Push Now resynchronises membership'),
  c('C9317', 'group-push', 'Push an empty group'),
  c('C9318', 'group-push', 'Unlink a pushed group and delete it in the app'),
  c('C9319', 'group-push', 'Deactivate a group push'),
  c('C9320', 'group-push', 'Activate a group push'),
  c('C9321', 'group-push', 'Unlink a pushed group and keep it in the app'),
  c('C9322', 'group-push', 'Link again a group kept in the app'),
  c('C9323', 'group-push', 'Push groups by rule'),
  c('C9324', 'group-push', 'Deactivate a push rule'),
  c('C9325', 'group-push', 'Delete a push rule'),
  c('C9326', 'group-push', 'Delete a push rule and keep its groups in the app'),
  c('C9327', 'group-push', 'Bulk edit: delete pushed groups'),
  c('C9328', 'group-push', 'Bulk edit: deactivate pushes'),
  c('C9329', 'group-push', 'Bulk edit: activate pushes'),
  c('C9330', 'group-push', 'Link a group without renaming the app group'),
  c('C9331', 'group-push', 'Bulk edit: delete pushes and keep the groups in the app'),
  c('C9332', 'group-push', 'Add members to a pushed group'),
  c('C9333', 'group-push', 'Remove members from a pushed group'),
  c('C9359', 'profile-sourcing', 'Turn on profile sourcing'),
  c('C9360', 'profile-sourcing', 'A sourced user shows the app as its profile source'),
  c('C9361', 'profile-sourcing', 'Deactivating a sourced user'),
];

export const TEST_PLANS: Readonly<Record<TestPlanId, readonly PlanCase[]>> = {
  'okta-scim-test-plan-v2': OKTA_SCIM_TEST_PLAN_V2,
};

/**
 * Cases no SCIM submission can mark not-applicable: setting the app up, turning provisioning
 * on, the base attributes and the configuration guide (a required Wizard field). The
 * automation-covered cases below are also always applicable: the CRUD test is mandatory.
 */
export const ALWAYS_APPLICABLE: ReadonlySet<string> = new Set(['C9296', 'C9298', 'C9306', 'C9344', 'C9299']);

/** A CRUD scenario our okta-crud suite (and Okta's CRUD exports) runs end to end. */
export type CrudScenario = 'create' | 'update' | 'deactivate' | 'reactivate' | 'unassign';

/**
 * Step ids of each scenario in the native okta-crud suite (suites/okta-crud.ts), and the step
 * numbers (`sourceIndex`) in Okta's Runscope CRUD exports (okta-runscope.md §3 and §4: the
 * entitlements variant inserts a grant step at 4). A scenario is demonstrated when all its
 * steps are in the run and passed.
 */
export const CRUD_SCENARIO_STEPS: Readonly<Record<CrudScenario, {
  readonly native: readonly string[];
  readonly runscopeCrud: readonly number[];
  readonly runscopeEntitlementsCrud: readonly number[];
}>> = {
  create: {
    native: ['okta-crud/create-okta-user', 'okta-crud/assign-user-to-app', 'okta-crud/user-created-in-scim'],
    runscopeCrud: [2, 3, 5],
    runscopeEntitlementsCrud: [2, 3, 6],
  },
  update: {
    native: ['okta-crud/update-firstname-in-okta', 'okta-crud/firstname-updated-in-scim'],
    runscopeCrud: [6, 8],
    runscopeEntitlementsCrud: [7, 9],
  },
  deactivate: {
    native: ['okta-crud/deactivate-user-in-okta', 'okta-crud/user-deactivated-in-scim'],
    runscopeCrud: [9, 11],
    runscopeEntitlementsCrud: [10, 12],
  },
  reactivate: {
    native: ['okta-crud/reactivate-user-in-okta', 'okta-crud/reassign-user-to-app', 'okta-crud/user-reactivated-in-scim'],
    runscopeCrud: [12, 13, 15],
    runscopeEntitlementsCrud: [13, 14, 16],
  },
  unassign: {
    native: ['okta-crud/unassign-user-in-okta', 'okta-crud/user-deactivated-after-unassign'],
    runscopeCrud: [17, 19],
    runscopeEntitlementsCrud: [18, 20],
  },
};

/**
 * Manual cases the CRUD run demonstrates:
 * - C9290 (assign a new user → created): `create`;
 * - C9291 and C9310 (Okta profile change → pushed): `update` (the run changes firstName on the Okta profile);
 * - C9292 (deactivate → deactivated in the app): `deactivate`;
 * - C9293 (reactivate → same app user active again): `reactivate`;
 * - C9294 (unassign → access removed): `unassign`.
 * Not C9334 (every attribute: the run sets a handful) nor C9309 (group-sourced attributes).
 */
export const AUTOMATED_COVERAGE: Readonly<Record<string, CrudScenario>> = {
  C9290: 'create',
  C9291: 'update',
  C9310: 'update',
  C9292: 'deactivate',
  C9293: 'reactivate',
  C9294: 'unassign',
};

/** How a CRUD suite result is recognised; see result-identity.ts. */
export type CrudFlavour = 'native' | 'runscopeCrud' | 'runscopeEntitlementsCrud';

/**
 * The scenario's steps in a CRUD suite result, with whether each passed. Undefined entries
 * mean a step is missing from the run (e.g. filtered out).
 */
export function scenarioSteps(suite: SuiteResult, flavour: CrudFlavour, scenario: CrudScenario): { wanted: string; step?: StepResult }[] {
  const plan = CRUD_SCENARIO_STEPS[scenario];
  if (flavour === 'native') {
    return plan.native.map((id) => {
      const step = suite.steps.find((s) => s.stepId === id);
      return step ? { wanted: id, step } : { wanted: id };
    });
  }
  return plan[flavour].map((n) => {
    const step = suite.steps.find((s) => s.kind === 'request' && s.sourceIndex === n);
    return step ? { wanted: `step ${n}`, step } : { wanted: `step ${n}` };
  });
}

/** True when every step of the scenario is in the run and passed. */
export function scenarioDemonstrated(suite: SuiteResult, flavour: CrudFlavour, scenario: CrudScenario): boolean {
  return scenarioSteps(suite, flavour, scenario).every((s) => s.step?.verdict === 'pass');
}
