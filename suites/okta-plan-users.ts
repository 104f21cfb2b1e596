/**
 * `okta-plan/users`: the user cases of Okta's manual test plan, through an Okta org (real or
 * emulated) with the Management API calls the Admin Console makes, each verified on the SCIM
 * server: a new user with every attribute is created (C9290, C9334, C9336), an assignment edit
 * and a profile edit are pushed (C9291, C9310), an emptied attribute is cleared without errors
 * (C9337), suspend and unsuspend keep the app user (C9295, C9300), deactivate, reactivate and
 * unassign (C9292, C9293, C9294), and a user who already exists in the app is linked, not
 * created twice (C9335).
 *
 * The app-only attribute is `title` (the SCIM 2.0 Test App's Title, not sourced from the Okta
 * profile, so an assignment may set it). Cleanup deactivates and deletes both Okta users; the
 * SCIM users are left deactivated, as Okta leaves them.
 */
import type { Assertion, Suite } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import {
  appInstanceStep, assignBody, emptyAt, oktaUserBody, oktaUserCleanup, planStepBuilder, PLAN_INPUTS, scimUserBody,
} from './okta-plan-kit.js';
import { equalAt, valueAt } from './scim-step-kit.js';

const SUITE = 'okta-plan/users';
const step = planStepBuilder(SUITE);

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const eq = (property: string, value: string): Assertion => ({ source: 'response_json', property, comparison: 'equal', value });

const SCIM_USER = '/Users/{{scim_user_id}}';
const APP_USER = '/api/v1/apps/{{oktaAppId}}/users/{{okta_user_id}}';
const PUSH_FIX = 'In Okta: enable Create Users, Update User Attributes and Deactivate Users (Provisioning → To App; the emulator does by default).';
const GET_FIX = 'Return the user on GET /Users/{id} with the attributes Okta wrote (RFC 7644 §3.4.1).';

const steps = [
  appInstanceStep(step, ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION']),
  step({
    id: 'create-okta-user', title: 'Add a person in Okta (first name, last name, username, primary email)',
    requirement: 'Okta creates and activates the test user (plan C9296).', fix: 'Check the token\'s permissions and the org\'s password policy (--var okta_user_password=…).',
    cases: ['C9296'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users?activate=true',
    body: oktaUserBody('{{okta_user_firstname}}', '{{okta_user_lastname}}', '{{okta_user_email}}'),
    assertions: [status(200)], extractions: [{ name: 'okta_user_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'assign-user-with-all-attributes', title: 'Assign the user to the app, with every attribute set (Title too)',
    requirement: 'Okta assigns the user (200); with Create Users on it provisions the user to the app (C9290, C9334, C9336).', fix: PUSH_FIX,
    cases: ['C9290', 'C9334', 'C9336'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users',
    body: assignBody('{{okta_user_id}}', '{{okta_user_firstname}}', '{{okta_user_lastname}}', '{{okta_user_email}}', { title: '{{okta_user_title}}' }),
    assertions: [status(200)],
  }),
  step({
    id: 'user-created-with-all-attributes', title: 'Verify that the user is created in the app with every attribute Okta sent',
    requirement: 'The SCIM server holds exactly one user with the unique userName, and its name, primary e-mail, title and active:true are the values Okta derived from the profile and the assignment (C9290, C9334, C9336; RFC 7644 §3.3).',
    fix: 'Store every attribute of Okta\'s POST /Users (userName, name, emails, title, active) and answer the userName eq filter with it (RFC 7644 §3.3, §3.4.2.2).',
    cases: ['C9290', 'C9334', 'C9336'], refs: ['OKTA-SCIM', 'RFC7644-3.3', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET',
    path: '/Users?filter=userName eq "{{okta_user_email}}"',
    assertions: [
      status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' },
      eq('Resources[0].userName', '{{okta_user_email}}'), eq('Resources[0].name.givenName', '{{okta_user_firstname}}'),
      eq('Resources[0].name.familyName', '{{okta_user_lastname}}'), eq('Resources[0].emails[0].value', '{{okta_user_email}}'),
      eq('Resources[0].title', '{{okta_user_title}}'), eq('Resources[0].active', 'true'),
    ],
    extractions: [{ name: 'scim_user_id', source: 'response_json', property: 'Resources[0].id' }],
    readBack: true,
  }),
  step({
    id: 'edit-assignment-attribute', title: 'Edit the user\'s assignment: change Title',
    requirement: 'Okta saves the edited assignment (200), which pushes the changed attribute (C9291).', fix: PUSH_FIX,
    cases: ['C9291'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: APP_USER,
    body: { profile: { title: '{{okta_user_title_update}}' } }, assertions: [status(200)],
  }),
  step({
    id: 'assignment-edit-pushed', title: 'Verify that the app user\'s Title is updated',
    requirement: 'Okta\'s profile update (GET + PUT of the whole user, or PATCH replace) sets title (C9291; okta-wire.md §1.4).',
    fix: `Apply Okta's PUT /Users/{id} as a replacement (RFC 7644 §3.5.1) and PATCH replace (§3.5.2.3). ${GET_FIX}`,
    cases: ['C9291'], refs: ['OKTA-SCIM', 'RFC7644-3.5.1'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200), eq('title', '{{okta_user_title_update}}')], readBack: true,
  }),
  step({
    id: 'update-okta-profile', title: 'Edit the user\'s Okta profile: change the first name',
    requirement: 'Okta saves the profile (200), which pushes the mapped given name (C9310).', fix: 'Check the token\'s permissions (user administration).',
    cases: ['C9310'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_user_id}}',
    body: { profile: { firstName: '{{okta_user_firstname_update}}' } }, assertions: [status(200)],
  }),
  step({
    id: 'profile-update-pushed', title: 'Verify that the app user\'s given name is updated',
    requirement: 'The pushed profile sets name.givenName and keeps the user\'s id (C9310).', fix: `Apply Okta's profile update. ${GET_FIX}`,
    cases: ['C9310'], refs: ['OKTA-SCIM', 'RFC7644-3.5.1'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200), eq('name.givenName', '{{okta_user_firstname_update}}'), eq('id', '{{scim_user_id}}')], readBack: true,
  }),
  step({
    id: 'clear-assignment-attribute', title: 'Edit the user\'s assignment: erase Title',
    requirement: 'Okta saves the assignment with an empty Title (200), which pushes the empty value (C9337).', fix: PUSH_FIX,
    cases: ['C9337'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: APP_USER,
    body: { profile: { title: null } }, assertions: [status(200)],
  }),
  step({
    id: 'empty-value-pushed', title: 'Verify that the app user\'s Title is cleared',
    requirement: 'Okta\'s update leaves title out of the replacement (or removes it): the server then holds no title (C9337; RFC 7644 §3.5.1: a PUT replaces, attributes not given are cleared; RFC 7643 §2.5).',
    fix: 'Treat PUT as a replacement: clear attributes the body leaves out instead of keeping the old values; accept PATCH remove (RFC 7644 §3.5.1, §3.5.2.2).',
    cases: ['C9337'], refs: ['OKTA-SCIM', 'RFC7644-3.5.1', 'RFC7643-2.5'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200)], checks: [emptyAt('title')], readBack: true,
  }),
  step({
    id: 'no-error-after-empty-value', title: 'Verify that Okta shows no provisioning error for the emptied value',
    requirement: 'The app user\'s syncState is SYNCHRONIZED: the empty value caused no error (C9337: "No errors encountered because of empty values").',
    fix: 'Accept Okta\'s update that carries or removes an empty value (answer 200); see the app user\'s task in Okta for the server\'s answer.',
    cases: ['C9337'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: APP_USER,
    assertions: [status(200), eq('syncState', 'SYNCHRONIZED')], readBack: true,
  }),
  step({
    id: 'suspend-okta-user', title: 'Suspend the user in Okta',
    requirement: 'Okta suspends the user (200); suspension keeps app memberships and sends no deprovisioning (C9295; okta-wire.md §1.8).', fix: 'Check the token\'s permissions (user lifecycle).',
    cases: ['C9295'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_user_id}}/lifecycle/suspend', body: '', assertions: [status(200)],
  }),
  step({
    id: 'suspended-user-keeps-assignment', title: 'Verify that the suspended user is still assigned and active in the app',
    requirement: 'The app user is still assigned (200) and the SCIM user stays active: Okta sends nothing on suspend (C9295).',
    fix: 'Nothing to change on the SCIM server unless it deactivated the user by itself; check the app assignment in Okta.',
    cases: ['C9295'], refs: ['OKTA-API', 'OKTA-SCIM'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200)], checks: [valueAt('active', true)],
  }),
  step({
    id: 'unsuspend-okta-user', title: 'Unsuspend the user in Okta',
    requirement: 'Okta unsuspends the user (200) (C9300).', fix: 'Check the token\'s permissions (user lifecycle).',
    cases: ['C9300'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_user_id}}/lifecycle/unsuspend', body: '', assertions: [status(200)],
  }),
  step({
    id: 'unsuspended-user-keeps-assignment', title: 'Verify that the unsuspended user keeps its app assignment and SCIM id',
    requirement: 'App memberships are restored: the app user is still assigned, provisioned, and linked to the same SCIM id (C9300).',
    fix: 'Check the assignment in Okta; the SCIM server must not have changed the user\'s id.',
    cases: ['C9300'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: APP_USER,
    assertions: [status(200), eq('externalId', '{{scim_user_id}}'), eq('status', 'PROVISIONED')],
  }),
  step({
    id: 'deactivate-okta-user', title: 'Deactivate the user in Okta',
    requirement: 'Okta deactivates the user (200), revoking its app assignments and deprovisioning it (C9292).', fix: 'Check the token\'s permissions (user lifecycle).',
    cases: ['C9292'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_user_id}}/lifecycle/deactivate', body: '', assertions: [status(200)],
  }),
  step({
    id: 'user-deactivated-in-app', title: 'Verify that the app user is deactivated',
    requirement: 'Okta\'s PATCH {"op":"replace","value":{"active":false}} (or GET + PUT) makes the user inactive; the user is kept (C9292; okta-wire.md §1.5).',
    fix: 'Apply the path-less PATCH replace of active and keep deactivated users readable (RFC 7644 §3.5.2.3; RFC 7643 §4.1.1).',
    cases: ['C9292'], refs: ['OKTA-SCIM', 'RFC7644-3.5.2.3', 'RFC7643-4.1.1'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200), eq('active', 'false')], readBack: true,
  }),
  step({
    id: 'activate-okta-user', title: 'Activate the user in Okta again',
    requirement: 'Okta activates the user (200); direct assignments are not restored (C9293).', fix: 'Check the token\'s permissions (user lifecycle).',
    cases: ['C9293'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users/{{okta_user_id}}/lifecycle/activate', body: '', assertions: [status(200)],
  }),
  step({
    id: 'reassign-user', title: 'Assign the reactivated user to the app again',
    requirement: 'Okta assigns the user (200), which finds it in the app by userName and reactivates it (C9293; okta-wire.md §1.7).', fix: PUSH_FIX,
    cases: ['C9293'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users',
    body: assignBody('{{okta_user_id}}', '{{okta_user_firstname_update}}', '{{okta_user_lastname}}', '{{okta_user_email}}'), assertions: [status(200)],
  }),
  step({
    id: 'user-reactivated-in-app', title: 'Verify that the same app user is active again',
    requirement: 'The user has the same id and is active: Okta\'s PATCH active:true reactivates it (C9293).',
    fix: 'Apply PATCH replace active:true to a deactivated user and keep its id; answer the userName filter for inactive users too (RFC 7644 §3.5.2.3, §3.4.2.2).',
    cases: ['C9293'], refs: ['OKTA-SCIM', 'RFC7644-3.5.2.3'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200), eq('active', 'true'), eq('id', '{{scim_user_id}}')], readBack: true,
  }),
  step({
    id: 'unassign-user', title: 'Remove the user\'s assignment to the app',
    requirement: 'Okta unassigns the user (204), which deprovisions it in the app (C9294).', fix: PUSH_FIX,
    cases: ['C9294'], refs: ['OKTA-API'], target: 'okta', method: 'DELETE', path: APP_USER, assertions: [status(204)],
  }),
  step({
    id: 'user-deactivated-after-unassign', title: 'Verify that the unassigned user is deactivated in the app',
    requirement: 'Unassigning sends the same deactivation as C9292: the user is inactive (C9294; okta-wire.md §1.6).',
    fix: 'Apply the path-less PATCH replace of active (RFC 7644 §3.5.2.3).',
    cases: ['C9294'], refs: ['OKTA-SCIM', 'RFC7644-3.5.2.3'], target: 'scim', method: 'GET', path: SCIM_USER,
    assertions: [status(200), eq('active', 'false')], readBack: true,
  }),
  step({
    id: 'create-user-in-app', title: 'Create a member directly in the app, with the userName of an Okta user still to be assigned',
    requirement: 'The SCIM server creates the user (201) (plan C9335 precondition: "Create a member in a downstream application").',
    fix: 'Accept POST /Users and answer 201 with the user and its id (RFC 7644 §3.3).',
    cases: ['C9335'], refs: ['RFC7644-3.3'], target: 'scim', method: 'POST', path: '/Users',
    body: scimUserBody('{{okta_user2_email}}', 'Existing', '{{okta_user2_lastname}}', true),
    assertions: [status(201)], extractions: [{ name: 'scim_user2_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'create-okta-user-2', title: 'Add the same person in Okta',
    requirement: 'Okta creates the second test user with the userName that already exists in the app (C9335).', fix: 'Check the token\'s permissions.',
    cases: ['C9335', 'C9296'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users?activate=true',
    body: oktaUserBody('{{okta_user2_firstname}}', '{{okta_user2_lastname}}', '{{okta_user2_email}}'),
    assertions: [status(200)], extractions: [{ name: 'okta_user2_id', source: 'response_json', property: 'id' }],
  }),
  step({
    id: 'assign-user-existing-in-app', title: 'Assign the second user to the app',
    requirement: 'Okta assigns the user (200); its userName lookup finds the member in the app (C9335).', fix: PUSH_FIX,
    cases: ['C9335'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users',
    body: assignBody('{{okta_user2_id}}', '{{okta_user2_firstname}}', '{{okta_user2_lastname}}', '{{okta_user2_email}}'), assertions: [status(200)],
  }),
  step({
    id: 'existing-user-linked-and-updated', title: 'Verify that the existing member is linked and updated, not created twice',
    requirement: 'Exactly one user has the userName, it is the member created in the app (same id), and its profile now has Okta\'s values (C9335; okta-wire.md §1.3).',
    fix: 'Answer Okta\'s userName eq filter with the existing user (case-insensitively, RFC 7643 §4.1.1) so that Okta links it instead of creating a duplicate; apply its profile update.',
    cases: ['C9335'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.2', 'RFC7643-4.1.1'], target: 'scim', method: 'GET',
    path: '/Users?filter=userName eq "{{okta_user2_email}}"',
    assertions: [
      status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' },
      eq('Resources[0].id', '{{scim_user2_id}}'), eq('Resources[0].name.givenName', '{{okta_user2_firstname}}'),
    ],
    readBack: true,
  }),
  step({
    id: 'app-user-linked-to-existing-member', title: 'Verify that Okta\'s app user is linked to the existing member',
    requirement: 'The app user\'s externalId is the id of the member created in the app (C9335).',
    fix: 'Answer the userName filter with the existing user\'s id (RFC 7644 §3.4.2.2).',
    cases: ['C9335'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: '/api/v1/apps/{{oktaAppId}}/users/{{okta_user2_id}}',
    checks: [equalAt('externalId', '{{scim_user2_id}}')], assertions: [status(200)], readBack: true,
  }),
];

export const oktaPlanUsersSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: users',
  description: 'Cases of Okta\'s manual SCIM test plan about users, through an Okta org (real or emulated): create with every attribute, assignment and profile edits, empty values, suspend, deactivate, reactivate, unassign, and linking a user who already exists in the app.',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  initial: { kind: 'generate', generate: oktaPlanUsersData },
  secretVariables: ['okta_user_password'],
  steps,
  cleanup: [
    ...oktaUserCleanup('okta_user_id', '{{okta_user_email}}'),
    ...oktaUserCleanup('okta_user2_id', '{{okta_user2_email}}'),
    { title: 'SCIM user {{okta_user_email}} ({{scim_user_id}}): left deactivated, as Okta leaves it', needs: ['scim_user_id'] },
    { title: 'SCIM user {{okta_user2_email}} ({{scim_user2_id}}): left deactivated, as Okta leaves it', needs: ['scim_user2_id'] },
  ],
};

/** Two users in the style of Okta's CRUD test data, and Title values. */
export function oktaPlanUsersData(random: () => number): Record<string, string> {
  const out: Record<string, string> = { okta_user_password: 'Kv7J2LEa', okta_user_title: 'Engineer', okta_user_title_update: 'Senior Engineer' };
  for (const n of ['', '2'] as const) {
    const first = oktaFirstName(random);
    const last = oktaLastName(random);
    out[`okta_user${n}_firstname`] = first;
    out[`okta_user${n}_lastname`] = last;
    out[`okta_user${n}_email`] = `${first}${last}@atko.com`;
  }
  out['okta_user_firstname_update'] = `${out['okta_user_firstname'] ?? ''}update`;
  return out;
}
