/**
 * `okta-plan/import`: the import cases of Okta's manual test plan. Okta reads the app's users
 * and groups in its own pages (`GET /Users?startIndex=1&count=100`, then the next page while
 * fewer than `totalResults` were read; okta-wire.md §1.10), imports only active users, lists new
 * users to confirm (C9303, C9304), and an import after a change in the app updates the linked
 * app user; a later assignment edit of the imported user is pushed back (C9305); groups are
 * imported too (C9338).
 *
 * Import Now has no Management API call (NO_IMPORT_API), so the import steps run on the
 * emulator only and are `n/a` on a real org; the steps that need their results are then
 * skipped, naming the import step. The users and the group are created in the app directly, as
 * the plan's preconditions say ("Create a member in downstream application").
 *
 * Cleanup deactivates and deletes the confirmed Okta user (the SCIM user it is linked to is left
 * deactivated, as Okta leaves it) and deletes the never-imported inactive user and the group
 * the run created in the app.
 */
import type { Assertion, Suite } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import {
  appInstanceStep, listHas, NO_IMPORT_API, noErrorsAt, oktaUserCleanup, planStepBuilder, PLAN_INPUTS, randomTag, scimCleanup, scimUserBody,
} from './okta-plan-kit.js';
import { listedFlagScript, valueAt, variableGate, type Probe } from './scim-step-kit.js';

const SUITE = 'okta-plan/import';
const step = planStepBuilder(SUITE);

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const eq = (property: string, value: string): Assertion => ({ source: 'response_json', property, comparison: 'equal', value });

const IMPORT_PATH = '/emulator/v1/apps/{{oktaAppId}}/imports';
const IMPORT_FIX = 'Answer GET /Users and GET /Groups?startIndex=…&count=100 with ListResponses whose pages follow startIndex and keep a stable order, with an integer totalResults (RFC 7644 §3.4.2.4); return active on every user (RFC 7643 §4.1.1). The import task\'s error names the request that failed.';

/** Okta's first request of an import, as okta-wire.md §1.10 gives it. */
const firstPageAsOkta: Probe = (ctx) => valueAt('requests[0]', 'GET /Users?startIndex=1&count=100')(ctx);

/** Group import applies when the app manages groups (okta-wire.md §1.10; the plan skips unsupported features). */
const GROUPS_GATE = variableGate('scim_groups', 'the SCIM server lists no Group resource type (/ResourceTypes)');

const steps = [
  appInstanceStep(step, ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES']),
  step({
    id: 'app-lists-groups', title: 'Read the app\'s resource types: does it manage groups?',
    requirement: 'The SCIM server answers /ResourceTypes with a ListResponse (RFC 7644 §4, §3.4.2); the group import case applies when it lists a Group resource type.',
    fix: 'Serve GET /ResourceTypes with a ListResponse (schemas: the ListResponse URN) of the resource types (RFC 7644 §4, §3.4.2).',
    cases: ['C9338'], refs: ['RFC7644-4', 'RFC7644-3.4.2'], target: 'scim', method: 'GET', path: '/ResourceTypes',
    assertions: [status(200), { source: 'response_json', property: 'schemas', comparison: 'has_value', value: 'urn:ietf:params:scim:api:messages:2.0:ListResponse' }],
    scripts: [listedFlagScript('scim_groups', 'endpoint', ['/Groups'], 'okta-plan/import/app-lists-groups: Groups offered?')],
  }),
  step({
    id: 'create-active-user-in-app', title: 'Create an active member directly in the app',
    requirement: 'The SCIM server creates the user (201) (plan C9304: "Create a member in downstream application").',
    fix: 'Accept POST /Users and answer 201 with the user and its id (RFC 7644 §3.3).',
    cases: ['C9304'], refs: ['RFC7644-3.3'], target: 'scim', method: 'POST', path: '/Users',
    body: scimUserBody('{{imp_email}}', '{{imp_firstname}}', '{{imp_lastname}}', true),
    assertions: [status(201)], extractions: [{ name: 'scim_imp_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'create-inactive-user-in-app', title: 'Create an inactive member directly in the app',
    requirement: 'The SCIM server creates the user with active:false (201) (plan C9303: only active users are imported).',
    fix: 'Accept POST /Users with "active": false (RFC 7643 §4.1.1, RFC 7644 §3.3).',
    cases: ['C9303'], refs: ['RFC7644-3.3', 'RFC7643-4.1.1'], target: 'scim', method: 'POST', path: '/Users',
    body: scimUserBody('{{imp_inactive_email}}', '{{imp_firstname}}', 'Inactive', false),
    assertions: [status(201)], extractions: [{ name: 'scim_imp_inactive_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'import-users', title: 'Import Now: users and groups from the app',
    requirement: 'Okta\'s import reads every page (GET /Users?startIndex=1&count=100, …) and completes: the active member is a new user, the inactive one is not imported (C9303, C9304; okta-wire.md §1.10: "Okta doesn\'t import users whose active attribute is false").',
    fix: IMPORT_FIX,
    cases: ['C9303', 'C9304'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.4'], target: 'okta', method: 'POST', path: IMPORT_PATH, body: { kind: 'FULL' },
    assertions: [status(200)],
    checks: [
      noErrorsAt('errors', 'the import'),
      firstPageAsOkta,
      listHas('users', 'externalId', 'scim_imp_id', { result: 'NEW' }, 'the active member is imported as a new user'),
      listHas('users', 'externalId', 'scim_imp_inactive_id', { result: 'NEW' }, 'the inactive member is not imported', false),
    ],
    emulatorOnly: NO_IMPORT_API,
  }),
  step({
    id: 'confirm-imported-user', title: 'Confirm the imported member\'s assignment',
    requirement: 'Okta confirms the import result: an Okta user assigned to the app and linked to the member (C9303: "Click Confirm Assignments").',
    fix: 'Check the import result above.',
    cases: ['C9303'], target: 'okta', method: 'POST', path: `${IMPORT_PATH}/confirm`, body: { externalId: '{{scim_imp_id}}' },
    assertions: [status(200)], extractions: [{ name: 'okta_imp_user_id', source: 'response_json', property: 'user.id' }],
    emulatorOnly: NO_IMPORT_API,
  }),
  step({
    id: 'imported-user-mapped', title: 'Verify the imported app user\'s attributes',
    requirement: 'The app user is linked to the member (externalId) and its attributes are mapped from it: userName, givenName, familyName, email (C9303).',
    fix: 'Return userName, name.givenName, name.familyName and emails on each listed user (RFC 7643 §4.1).',
    cases: ['C9303'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: '/api/v1/apps/{{oktaAppId}}/users/{{okta_imp_user_id}}',
    assertions: [
      status(200), eq('externalId', '{{scim_imp_id}}'), eq('credentials.userName', '{{imp_email}}'), eq('profile.givenName', '{{imp_firstname}}'),
      eq('profile.familyName', '{{imp_lastname}}'), eq('profile.email', '{{imp_email}}'),
    ],
  }),
  step({
    id: 'update-user-in-app', title: 'Change the member\'s given name directly in the app',
    requirement: 'The SCIM server replaces the user (200) (RFC 7644 §3.5.1).',
    fix: 'Accept PUT /Users/{id} as a replacement (RFC 7644 §3.5.1).',
    cases: ['C9303'], refs: ['RFC7644-3.5.1'], target: 'scim', method: 'PUT', path: '/Users/{{scim_imp_id}}',
    body: { ...(scimUserBody('{{imp_email}}', '{{imp_firstname_update}}', '{{imp_lastname}}', true) as Record<string, unknown>), id: '{{scim_imp_id}}' },
    assertions: [status(200)],
  }),
  step({
    id: 'import-users-again', title: 'Import Now again: the changed member',
    requirement: 'The second import completes and reports the linked member as updated (C9303: the imported attributes follow the app).',
    fix: IMPORT_FIX,
    cases: ['C9303'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.4'], target: 'okta', method: 'POST', path: IMPORT_PATH, body: { kind: 'INCREMENTAL' },
    assertions: [status(200)],
    checks: [noErrorsAt('errors', 'the import'), listHas('users', 'externalId', 'scim_imp_id', { result: 'UPDATED' }, 'the changed member is updated')],
    emulatorOnly: NO_IMPORT_API,
  }),
  step({
    id: 'imported-user-updated', title: 'Verify that the app user has the member\'s new given name',
    requirement: 'The import updated the app user\'s givenName from the app (C9303).',
    fix: 'Return the changed name on the listed user (RFC 7644 §3.4.2).',
    cases: ['C9303'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: '/api/v1/apps/{{oktaAppId}}/users/{{okta_imp_user_id}}',
    assertions: [status(200), eq('profile.givenName', '{{imp_firstname_update}}')],
  }),
  step({
    id: 'edit-imported-user-assignment', title: 'Edit the imported user\'s assignment: set Title',
    requirement: 'Okta saves the assignment (200), which pushes the attribute to the member (C9305).',
    fix: 'In Okta: enable Update User Attributes (Provisioning → To App).',
    cases: ['C9305'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users/{{okta_imp_user_id}}',
    body: { profile: { title: '{{imp_title}}' } }, assertions: [status(200)],
  }),
  step({
    id: 'imported-user-update-pushed', title: 'Verify that the member in the app has the Title',
    requirement: 'Okta\'s profile update reaches the imported member: title is set and the id kept (C9305).',
    fix: 'Apply Okta\'s PUT /Users/{id} (RFC 7644 §3.5.1) or PATCH replace (§3.5.2.3); return the user on GET /Users/{id}.',
    cases: ['C9305'], refs: ['OKTA-SCIM', 'RFC7644-3.5.1'], target: 'scim', method: 'GET', path: '/Users/{{scim_imp_id}}',
    assertions: [status(200), eq('title', '{{imp_title}}'), eq('id', '{{scim_imp_id}}')], readBack: true,
    // Its write (the assignment edit) needs the confirmed app user; without one there is nothing to read back.
    gates: [(ctx) => (ctx.vars('okta_imp_user_id') === undefined ? 'Okta has no app user for the imported member (the import was not confirmed), so nothing was pushed' : undefined)],
  }),
  step({
    id: 'create-group-in-app', title: 'Create a group directly in the app',
    requirement: 'The SCIM server creates the group (201) (plan C9338: "Create a group in a downstream application").',
    fix: 'Accept POST /Groups and answer 201 with the group and its id (RFC 7644 §3.3).',
    cases: ['C9338'], refs: ['RFC7644-3.3'], target: 'scim', method: 'POST', path: '/Groups', gates: [GROUPS_GATE],
    body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: '{{imp_group_name}}', members: [] },
    assertions: [status(201)], extractions: [{ name: 'scim_imp_group_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'import-groups', title: 'Import Now: the new group',
    requirement: 'The import reads /Groups in Okta\'s pages and reports the group as a new group (C9338: "1 new groups imported").',
    fix: IMPORT_FIX,
    cases: ['C9338'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.4'], target: 'okta', method: 'POST', path: IMPORT_PATH, body: { kind: 'FULL' },
    assertions: [status(200)],
    checks: [noErrorsAt('errors', 'the import'), listHas('groups', 'externalId', 'scim_imp_group_id', { result: 'NEW' }, 'the group is imported as a new group')],
    emulatorOnly: NO_IMPORT_API,
    gates: [GROUPS_GATE],
  }),
];

export const oktaPlanImportSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: import',
  description: 'Cases of Okta\'s manual SCIM test plan about importing users and groups (emulated org only: Import Now has no API): Okta\'s paging, only active users, confirming, updates on either side, group import.',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  initial: { kind: 'generate', generate: oktaPlanImportData },
  steps,
  cleanup: [
    ...oktaUserCleanup('okta_imp_user_id', '{{imp_email}}'),
    { title: 'SCIM user {{imp_email}} ({{scim_imp_id}}): left, deactivated by Okta once imported', needs: ['scim_imp_id'] },
    scimCleanup('/Users/{{scim_imp_inactive_id}}', ['scim_imp_inactive_id'], 'SCIM user {{imp_inactive_email}} ({{scim_imp_inactive_id}}), created by the run and never imported: deleted'),
    scimCleanup('/Groups/{{scim_imp_group_id}}', ['scim_imp_group_id'], 'SCIM group {{imp_group_name}} ({{scim_imp_group_id}}), created by the run: deleted'),
  ],
};

/** A member to import, an inactive one, and a group, named with our prefix. */
export function oktaPlanImportData(random: () => number): Record<string, string> {
  const first = oktaFirstName(random);
  const last = oktaLastName(random);
  const tag = randomTag(random);
  return {
    imp_firstname: first,
    imp_lastname: last,
    imp_email: `${first}${last}@atko.com`,
    imp_firstname_update: `${first}imported`,
    imp_inactive_email: `${first}${last}.inactive@atko.com`,
    imp_title: 'Imported Engineer',
    imp_group_name: `scim-conformance-import-${tag}`,
  };
}
