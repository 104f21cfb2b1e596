/**
 * `okta-plan/password-sync`: Sync Password (PUSH_PASSWORD_UPDATES). With "Sync Okta Password"
 * on, Okta sends the user's Okta password on create (C9301) and pushes each password change:
 * a PATCH for OIN apps, a GET + PUT of the whole user for AIW apps (C9302; okta-wire.md §1.9,
 * [REF20]). SCIM never returns a password (RFC 7643 §4.1.1: returned "never"), so the evidence
 * is Okta's: the app user is SYNCHRONIZED with a new `passwordChanged` time, and a refused push
 * leaves it in ERROR with Okta's task quoting the server.
 *
 * Turning the feature on is an Admin Console setting (emulator only). On a real org the steps
 * run when the app already has it on, and are `n/a` otherwise. Cleanup deactivates and deletes
 * the Okta user (the SCIM user is left deactivated, as Okta leaves it) and turns the emulator's
 * setting back off.
 */
import type { Assertion, Suite, VerifyContext } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import { OKTA_HEADERS } from './okta-step-kit.js';
import { appInstanceStep, assignBody, NO_SETTINGS_API, oktaUserBody, oktaUserCleanup, planStepBuilder, PLAN_INPUTS, type PlanStepSpec } from './okta-plan-kit.js';
import { at, shown, variableGate, type Probe } from './scim-step-kit.js';

const SUITE = 'okta-plan/password-sync';
const build = planStepBuilder(SUITE);
const SYNC_OFF = 'the app does not have Sync Password (PUSH_PASSWORD_UPDATES) on (Provisioning → To App)';
const step = (spec: PlanStepSpec) => build({ ...spec, gates: [variableGate('okta_password_sync', SYNC_OFF), ...(spec.gates ?? [])] });

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const eq = (property: string, value: string): Assertion => ({ source: 'response_json', property, comparison: 'equal', value });
const APP_USER = '/api/v1/apps/{{oktaAppId}}/users/{{okta_pw_user_id}}';
const SETTINGS = '/emulator/v1/apps/{{oktaAppId}}/settings';

/** passwordChanged is set and differs from the value an earlier step saw. */
const passwordChangedSince = (previous?: string): Probe => (ctx: VerifyContext) => {
  const f = at(ctx, 'passwordChanged');
  const before = previous === undefined ? undefined : ctx.vars(previous);
  const set = f.found && typeof f.value === 'string' && f.value !== '';
  return [{
    title: previous === undefined ? 'Okta set the app password (passwordChanged)' : 'Okta set the app password again (a new passwordChanged)',
    ok: set && (before === undefined || f.value !== before),
    expected: before === undefined ? 'a time' : `a time other than ${before}`,
    actual: shown(f),
  }];
};

const pushed = (id: string, title: string, cases: readonly string[], requirement: string, previous?: string): PlanStepSpec => ({
  id, title, requirement,
  fix: 'Accept the password Okta sends: in the POST /Users body, in a PATCH {"op":"replace","value":{"password":…}} (OIN apps) and in a PUT of the whole user (AIW apps); answer 200 (RFC 7644 §3.3, §3.5.1, §3.5.2.3). Okta\'s task for the app user quotes the server\'s answer.',
  cases, refs: ['OKTA-API', 'OKTA-SCIM', 'RFC7643-4.1.1'], target: 'okta', method: 'GET', path: APP_USER,
  assertions: [status(200), eq('syncState', 'SYNCHRONIZED')], checks: [passwordChangedSince(previous)], readBack: true,
  extractions: [{ name: `${id.replace(/-/g, '_')}_at`, source: 'response_json', property: 'passwordChanged' }],
});

const setting = (id: string, title: string, body: unknown, cases: readonly string[]): PlanStepSpec => ({
  id, title, requirement: `The setting is saved (${cases.join(', ')}).`, fix: 'Check the emulator\'s settings request.',
  cases, target: 'okta', method: 'PUT', path: SETTINGS, body, assertions: [status(200)], emulatorOnly: NO_SETTINGS_API,
  // Set only when the emulator took the setting: its cleanup then restores it.
  extractions: [{ name: 'okta_sync_setting_changed', source: 'response_json', property: 'appType', optional: true }],
});

const steps = [
  appInstanceStep(build, ['PUSH_NEW_USERS']),
  build(setting('turn-on-sync-password', 'Provisioning → To App: tick Sync Password (Sync Okta Password), as an OIN app', { enableFeatures: ['PUSH_PASSWORD_UPDATES'], appType: 'OIN' }, ['C9301'])),
  build({
    id: 'app-syncs-passwords', title: 'Read the app instance: does it sync passwords?',
    requirement: 'Whether the app syncs passwords (its features include PUSH_PASSWORD_UPDATES) decides whether the password cases apply (C9301).',
    fix: 'Tick Sync Password in Provisioning → To App to run the password cases.',
    cases: ['C9301'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: '/api/v1/apps/{{oktaAppId}}',
    assertions: [status(200)],
    scripts: [{
      origin: `${SUITE}/app-syncs-passwords: is Sync Password on?`,
      code: 'var app = null; try { app = JSON.parse(response.body); } catch (e) { app = null; }\nif (response.status === 200 && app !== null && Array.isArray(app.features)) variables.set("okta_password_sync", app.features.indexOf("PUSH_PASSWORD_UPDATES") >= 0 ? "true" : "false");',
    }],
  }),
  step({
    id: 'create-okta-user', title: 'Add a person in Okta with a password',
    requirement: 'Okta creates and activates the user with the test password (C9296, C9301).', fix: 'Check the token\'s permissions and the org\'s password policy (--var okta_user_password=…).',
    cases: ['C9296', 'C9301'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users?activate=true',
    body: oktaUserBody('{{pw_firstname}}', '{{pw_lastname}}', '{{pw_email}}'),
    assertions: [status(200)], extractions: [{ name: 'okta_pw_user_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'assign-user', title: 'Assign the person to the app',
    requirement: 'Okta assigns the user (200), which creates it in the app with the Okta password (C9301).', fix: 'In Okta: enable Create Users (Provisioning → To App).',
    cases: ['C9301'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users',
    body: assignBody('{{okta_pw_user_id}}', '{{pw_firstname}}', '{{pw_lastname}}', '{{pw_email}}'), assertions: [status(200)],
  }),
  step(pushed('password-set-on-create', 'Verify that Okta set the app user\'s password on create', ['C9301'],
    'The app user is provisioned and SYNCHRONIZED with a passwordChanged time: Okta sent the Okta password in POST /Users and the server accepted it (C9301: "Okta sets the user\'s password to … match the Okta password").')),
  step({
    id: 'change-password-oin', title: 'Set a new Okta password for the person (OIN app: pushed as PATCH)',
    requirement: 'Okta saves the new password (200), which Sync Password pushes to the app (C9302).', fix: 'Check the token\'s permissions and the org\'s password policy.',
    cases: ['C9302'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_pw_user_id}}',
    body: { credentials: { password: { value: '{{okta_user_password_update}}' } } }, assertions: [status(200)],
  }),
  step(pushed('password-pushed-as-patch', 'Verify that the password change reached the app (PATCH)', ['C9302'],
    'Okta\'s PATCH {"op":"replace","value":{"password":…}} is accepted: the app user is SYNCHRONIZED with a new passwordChanged time (C9302; okta-wire.md §1.9: OIN apps sync passwords with PATCH).', 'password_set_on_create_at')),
  step(setting('switch-to-aiw', 'Make the app an AIW app (password sync with PUT)', { appType: 'AIW' }, ['C9302'])),
  step({
    id: 'change-password-aiw', title: 'Set another Okta password for the person (AIW app: pushed as PUT)',
    requirement: 'Okta saves the new password (200), which Sync Password pushes to the app (C9302).', fix: 'Check the token\'s permissions and the org\'s password policy.',
    cases: ['C9302'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_pw_user_id}}',
    body: { credentials: { password: { value: '{{okta_user_password}}' } } }, assertions: [status(200)],
    emulatorOnly: NO_SETTINGS_API,
  }),
  step({
    ...pushed('password-pushed-as-put', 'Verify that the password change reached the app (PUT)', ['C9302'],
      'Okta\'s GET + PUT of the whole user carrying password is accepted: SYNCHRONIZED with a new passwordChanged time (C9302; okta-wire.md §1.9: AIW apps sync passwords with PUT).', 'password_pushed_as_patch_at'),
    emulatorOnly: NO_SETTINGS_API,
  }),
];

export const oktaPlanPasswordSyncSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: password sync',
  description: 'Sync Password on create and on change, as an OIN app (PATCH) and as an AIW app (PUT), through an Okta org (turning it on: emulated org only).',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  initial: { kind: 'generate', generate: oktaPlanPasswordData },
  secretVariables: ['okta_user_password', 'okta_user_password_update'],
  steps,
  cleanup: [
    ...oktaUserCleanup('okta_pw_user_id', '{{pw_email}}'),
    { title: 'SCIM user {{pw_email}}: left deactivated, as Okta leaves it', needs: ['okta_pw_user_id'] },
    {
      title: 'Sync Password off and OIN again (emulator)',
      needs: ['okta_org_emulated', 'okta_sync_setting_changed'],
      request: { method: 'PUT', url: `{{oktaOrgUrl}}${SETTINGS}`, headers: OKTA_HEADERS, body: JSON.stringify({ disableFeatures: ['PUSH_PASSWORD_UPDATES'], appType: 'OIN' }) },
    },
  ],
};

/** A person in the style of Okta's CRUD test data and two passwords. */
export function oktaPlanPasswordData(random: () => number): Record<string, string> {
  const first = oktaFirstName(random);
  const last = oktaLastName(random);
  return {
    okta_user_password: 'Kv7J2LEa',
    okta_user_password_update: 'Mq4T9zWb',
    pw_firstname: first,
    pw_lastname: last,
    pw_email: `${first}${last}@atko.com`,
  };
}
