/**
 * `okta-crud`: Okta's "SCIM 2.0 CRUD Test" (Okta-SCIM-20-CRUD-Test.json) as a native suite:
 * 8 Okta Management API calls and 5 SCIM verifications with the same requests, headers and
 * bodies (CRLF kept) and the random data of Initial_Script_CRUD.txt. Okta's fixed pauses
 * (160 s) are kept as pause steps; by default the SCIM checks poll instead, passing as soon as
 * the server shows the change and failing at Okta's pause bound with what they last saw.
 * Runs against a real org (oktaOrgUrl + oktaToken + oktaAppId) or the built-in emulator.
 */
import type { Step, Suite } from '../src/model/suite.js';
import { oktaCrudRandomData } from './okta-random-data.js';
import { json, OKTA_HEADERS, OKTA_ORG_INPUTS, oktaStepBuilders, status } from './okta-step-kit.js';

const crlf = (lines: readonly string[]): string => lines.join('\r\n');

const CREATE_USER_BODY = crlf([
  '{',
  '  "profile": {',
  '    "firstName": "{{okta_user_firstname}}",',
  '    "lastName": "{{okta_user_lastname}}",',
  '    "email": "{{okta_user_email}}",',
  '    "login": "{{okta_user_email}}",',
  '    "title": "{{okta_user_title}}",',
  '    "primaryPhone": "{{okta_user_primaryphone}}"',
  '  },',
  '  "credentials": {',
  '    "password": {"value": "{{okta_user_password}}"},',
  '    "recovery_question": {',
  '      "question": "Who\'s a major player in the cowboy scene?",',
  '      "answer": "okta"',
  '    }',
  '  }',
  '}',
]);

const assignBody = (givenName: string): string => crlf([
  '{',
  '  "id": "{{okta_add_userid}}",',
  '  "scope": "USER",',
  '  "credentials": {',
  '    "userName": "{{okta_user_email}}"',
  '  },',
  '  "profile": {',
  '      "familyName": "{{okta_user_lastname}}",',
  `      "givenName": "{{${givenName}}}",`,
  '      "emailType": "work",',
  '      "email": "{{okta_user_email}}"',
  '  }',
  '}',
  '',
]);

const UPDATE_USER_BODY = crlf([
  '{',
  '  "profile": {',
  '    "firstName": "{{okta_user_firstname_update}}",',
  '    "lastName": "{{okta_user_lastname}}",',
  '    "email": "{{okta_user_email}}",',
  '    "login": "{{okta_user_email}}"',
  '  }',
  '}',
]);

const { okta, scim } = oktaStepBuilders('okta-crud', 'required');

const pause = (n: number, seconds: number): Step => ({ kind: 'pause', id: `okta-crud/pause-${n}`, seconds });

const OKTA_PUSH_FIX = 'In Okta: enable provisioning To App with Create Users, Update User Attributes and Deactivate Users (the emulator does by default).';

const steps: readonly Step[] = [
  okta('app-instance-exists', 'GET', '/api/v1/apps/{{oktaAppId}}', {
    title: 'Check SCIM Apps instance in Okta',
    requirement: 'The Okta app instance oktaAppId exists and the API token can read it.',
    fix: 'Give the id of your SCIM app instance (from its App Embed Link) and a token of an admin who can manage it.',
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200),
  okta('create-okta-user', 'POST', '/api/v1/users?activate=true', {
    title: 'Add new random user to Okta',
    requirement: 'Okta creates and activates a test user.',
    fix: 'Check the token\'s permissions and the org\'s password policy (override the password with --var okta_user_password=…).',
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200, CREATE_USER_BODY, { extractions: [{ name: 'okta_add_userid', source: 'response_json', property: 'id' }] }),
  okta('assign-user-to-app', 'POST', '/api/v1/apps/{{oktaAppId}}/users', {
    title: 'Assign user to SCIM App',
    requirement: 'Okta assigns the user to the app, which makes Okta push the user to the SCIM server.',
    fix: OKTA_PUSH_FIX,
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200, assignBody('okta_user_firstname')),
  pause(4, 20),
  scim('user-created-in-scim', '/Users?filter=userName eq "{{okta_user_email}}"', {
    title: 'Verify if user is created in SCIM App',
    requirement: 'After the assignment, the SCIM server holds the user: found by userName, with the email, familyName and givenName Okta sent.',
    fix: 'Handle Okta\'s create: answer the userName filter lookup with an empty ListResponse, then accept POST /Users and store userName, emails[0].value and name (RFC 7644 §3.3, §3.4.2.2).',
    refs: ['OKTA-CRUD', 'RFC7644-3.3', 'RFC7644-3.4.2.2'],
  }, 20_000, [
    status(200),
    json('Resources[0].userName', '{{okta_user_email}}'),
    json('Resources[0].emails[0].value', '{{okta_user_email}}'),
    json('Resources[0].name.familyName', '{{okta_user_lastname}}'),
    json('Resources[0].name.givenName', '{{okta_user_firstname}}'),
  ], { extractions: [{ name: 'scim_id', source: 'response_json', property: 'Resources[0].id' }] }),
  okta('update-firstname-in-okta', 'PUT', '/api/v1/users/{{okta_add_userid}}', {
    title: 'Update user firstname',
    requirement: 'Okta updates the user\'s first name, which makes Okta push a profile update.',
    fix: OKTA_PUSH_FIX,
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200, UPDATE_USER_BODY),
  pause(7, 20),
  scim('firstname-updated-in-scim', '/Users/{{scim_id}}', {
    title: 'Verify firstname update in SCIM App',
    requirement: 'The SCIM user\'s name.givenName becomes the updated first name.',
    fix: 'Apply Okta\'s profile update: PUT /Users/{id} replaces the resource (RFC 7644 §3.5.1), PATCH replace updates name.givenName (§3.5.2).',
    refs: ['OKTA-CRUD', 'RFC7644-3.5.1', 'RFC7644-3.5.2'],
  }, 20_000, [status(200), json('name.givenName', '{{okta_user_firstname_update}}')]),
  okta('deactivate-user-in-okta', 'POST', '/api/v1/users/{{okta_add_userid}}/lifecycle/deactivate', {
    title: 'Deactivate user in Okta',
    requirement: 'Okta deactivates the user, which makes Okta deprovision it on the SCIM server.',
    fix: OKTA_PUSH_FIX,
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200, ''),
  pause(10, 20),
  scim('user-deactivated-in-scim', '/Users/{{scim_id}}', {
    title: 'Verify if user is deactivated in SCIM App',
    requirement: 'The SCIM user still exists and has active false.',
    fix: 'Apply Okta\'s deprovisioning PATCH {"op":"replace","value":{"active":false}} (no path) and keep the user (RFC 7644 §3.5.2.3; RFC 7643 §4.1.1 active).',
    refs: ['OKTA-CRUD', 'RFC7644-3.5.2.3', 'RFC7643-4.1.1'],
  }, 20_000, [status(200), json('active', 'false')]),
  okta('reactivate-user-in-okta', 'POST', '/api/v1/users/{{okta_add_userid}}/lifecycle/activate', {
    title: 'Reactivate user in okta',
    requirement: 'Okta reactivates the user.',
    fix: 'Check the token\'s permissions.',
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200, ''),
  okta('reassign-user-to-app', 'POST', '/api/v1/apps/{{oktaAppId}}/users', {
    title: 'Assign user to SCIM App',
    requirement: 'Okta assigns the user to the app again, which makes Okta reactivate the same SCIM user.',
    fix: OKTA_PUSH_FIX,
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 200, assignBody('okta_user_firstname_update')),
  pause(14, 20),
  scim('user-reactivated-in-scim', '/Users/{{scim_id}}', {
    title: 'Verify if user is reactivated in SCIM App',
    requirement: 'The same SCIM user (same id) has active true again.',
    fix: 'Apply PATCH active:true to a deactivated user and keep its id; do not create a new user on reassignment (RFC 7644 §3.5.2).',
    refs: ['OKTA-CRUD', 'RFC7644-3.5.2', 'RFC7643-4.1.1'],
  }, 20_000, [status(200), json('active', 'true')]),
  scim('no-duplicate-after-reactivation', '/Users?filter=userName eq "{{okta_user_email}}"', {
    title: 'Reactivation did not create a second user (stronger than Okta\'s check)',
    requirement: 'Exactly one SCIM user has the test user\'s userName after reactivation.',
    fix: 'Find users by `userName eq` (case-insensitively) so Okta links to the existing user instead of creating another; enforce userName uniqueness with 409.',
    refs: ['RFC7644-3.4.2.2', 'RFC7643-4.1.1', 'OKTA-CRUD'],
  }, 5_000, [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }, json('Resources[0].id', '{{scim_id}}')], { level: 'recommended' }),
  pause(16, 40),
  okta('unassign-user-in-okta', 'DELETE', '/api/v1/apps/{{oktaAppId}}/users/{{okta_add_userid}}', {
    title: 'Removes an assignment for a user in Okta',
    requirement: 'Okta unassigns the user from the app (204), which makes Okta deprovision it.',
    fix: OKTA_PUSH_FIX,
    refs: ['OKTA-CRUD', 'OKTA-API'],
  }, 204, ''),
  pause(18, 40),
  scim('user-deactivated-after-unassign', '/Users/{{scim_id}}', {
    title: 'Verify if user is deactivated in SCIM App',
    requirement: 'After unassignment the SCIM user still exists and has active false.',
    fix: 'Apply Okta\'s deprovisioning PATCH active:false on unassignment; do not delete the user (RFC 7644 §3.5.2).',
    refs: ['OKTA-CRUD', 'RFC7644-3.5.2', 'RFC7643-4.1.1'],
  }, 40_000, [status(200), json('active', 'false')]),
];

export const oktaCrudSuite: Suite = {
  id: 'okta-crud',
  name: 'Okta SCIM 2.0 CRUD Test',
  description: "Okta's OIN \"SCIM 2.0 CRUD Test\": provisioning driven through an Okta org (real or emulated) and verified on the SCIM server.",
  source: { format: 'native' },
  inputs: OKTA_ORG_INPUTS,
  initial: { kind: 'generate', generate: (random) => ({ ...oktaCrudRandomData(random), okta_user_password: 'Kv7J2LEa' }) },
  secretVariables: ['okta_user_password'],
  steps,
  cleanup: [
    {
      title: 'Okta user {{okta_user_email}} ({{okta_add_userid}}): deactivated',
      needs: ['okta_add_userid'],
      request: { method: 'POST', url: '{{oktaOrgUrl}}/api/v1/users/{{okta_add_userid}}/lifecycle/deactivate', headers: OKTA_HEADERS, body: '' },
    },
    {
      title: 'Okta user {{okta_user_email}} ({{okta_add_userid}}): deleted',
      needs: ['okta_add_userid'],
      request: { method: 'DELETE', url: '{{oktaOrgUrl}}/api/v1/users/{{okta_add_userid}}', headers: OKTA_HEADERS },
    },
    {
      title: 'SCIM user {{okta_user_email}} ({{scim_id}}): left deactivated, as Okta leaves it',
      needs: ['scim_id'],
    },
  ],
};
