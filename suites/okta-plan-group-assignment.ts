/**
 * `okta-plan/group-assignment`: assigning an Okta group to the app provisions its members
 * (C9307, with the group's attribute values; the members are assigned by group), editing the
 * group assignment's attributes updates every member (C9309), erasing them clears them
 * (C9337), and removing the group assignment deprovisions the members (C9311). The groups and
 * people are made as the plan's preconditions say (C9296, C9297, C9308).
 *
 * Cleanup deletes the Okta group and deactivates and deletes both Okta users; the SCIM users
 * are left deactivated, as Okta leaves them.
 */
import type { Assertion, RequestStep, Suite } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import { OKTA_HEADERS } from './okta-step-kit.js';
import { appInstanceStep, emptyAt, oktaGroupCleanup, oktaUserBody, oktaUserCleanup, planStepBuilder, PLAN_INPUTS, randomTag } from './okta-plan-kit.js';

const SUITE = 'okta-plan/group-assignment';
const step = planStepBuilder(SUITE);

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const eq = (property: string, value: string): Assertion => ({ source: 'response_json', property, comparison: 'equal', value });

type N = 1 | 2;
const v = (n: N, name: string): string => `{{okta_member${n}_${name}}}`;
const PUSH_FIX = 'In Okta: enable Create Users, Update User Attributes and Deactivate Users (Provisioning → To App; the emulator does by default).';
const GROUP_URL = '/api/v1/apps/{{oktaAppId}}/groups/{{okta_group_id}}';

function memberSteps(n: N): RequestStep[] {
  return [
    step({
      id: `create-okta-user-${n}`, title: `Add person ${n} in Okta`,
      requirement: `Okta creates and activates person ${n} (C9296).`, fix: 'Check the token\'s permissions and the org\'s password policy (--var okta_user_password=…).',
      cases: ['C9296'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users?activate=true',
      body: oktaUserBody(v(n, 'firstname'), v(n, 'lastname'), v(n, 'email')),
      assertions: [status(200)], extractions: [{ name: `okta_member${n}_id`, source: 'response_json', property: 'id' }],
    }),
    step({
      id: `add-user-${n}-to-group`, title: `Add person ${n} to the group`,
      requirement: `Okta adds person ${n} to the group (204) (C9308).`, fix: 'Check the token\'s permissions (group membership administration).',
      cases: ['C9308'], refs: ['OKTA-API'], target: 'okta', method: 'PUT', path: `/api/v1/groups/{{okta_group_id}}/users/{{okta_member${n}_id}}`,
      body: '', assertions: [status(204)],
    }),
  ];
}

const provisioned = (n: N): RequestStep => step({
  id: `member-${n}-provisioned`, title: `Verify that member ${n} is created in the app with the group's Title`,
  requirement: `Assigning the group provisions member ${n}: the SCIM server holds one user with its userName, its name from the Okta profile and the Title from the group assignment (C9307).`,
  fix: 'Accept Okta\'s POST /Users for each member and store title (RFC 7644 §3.3); answer the userName eq filter (§3.4.2.2).',
  cases: ['C9307'], refs: ['OKTA-SCIM', 'RFC7644-3.3', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: `/Users?filter=userName eq "${v(n, 'email')}"`,
  assertions: [
    status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' },
    eq('Resources[0].userName', v(n, 'email')), eq('Resources[0].name.givenName', v(n, 'firstname')),
    eq('Resources[0].title', '{{okta_group_title}}'), eq('Resources[0].active', 'true'),
  ],
  extractions: [{ name: `scim_member${n}_id`, source: 'response_json', property: 'Resources[0].id' }],
  readBack: true,
});

const titleIs = (n: N, value: string, cases: readonly string[], id: string, title: string): RequestStep => step({
  id, title,
  requirement: `Okta pushes the group assignment's Title to member ${n}: title is ${value} (${cases.join(', ')}).`,
  fix: 'Apply Okta\'s profile update (PUT /Users/{id} as a replacement, RFC 7644 §3.5.1, or PATCH replace, §3.5.2.3).',
  cases, refs: ['OKTA-SCIM', 'RFC7644-3.5.1'], target: 'scim', method: 'GET', path: `/Users/{{scim_member${n}_id}}`,
  assertions: [status(200), eq('title', value)], readBack: true,
});

const titleCleared = (n: N): RequestStep => step({
  id: `member-${n}-title-cleared`, title: `Verify that member ${n}'s Title is cleared`,
  requirement: `Erasing the group assignment's Title clears it for member ${n} without errors (C9337; RFC 7644 §3.5.1: attributes a PUT leaves out are cleared).`,
  fix: 'Treat PUT as a replacement (clear attributes the body leaves out) and accept PATCH remove (RFC 7644 §3.5.1, §3.5.2.2).',
  cases: ['C9337'], refs: ['OKTA-SCIM', 'RFC7644-3.5.1', 'RFC7643-2.5'], target: 'scim', method: 'GET', path: `/Users/{{scim_member${n}_id}}`,
  assertions: [status(200)], checks: [emptyAt('title')], readBack: true,
});

const deactivated = (n: N): RequestStep => step({
  id: `member-${n}-deactivated`, title: `Verify that member ${n} is deactivated in the app`,
  requirement: `Removing the group assignment deprovisions member ${n}: the user is inactive (C9311: "removed or deactivated"; Okta never deletes, okta-wire.md §1.5).`,
  fix: 'Apply Okta\'s path-less PATCH replace of active:false and keep the user readable (RFC 7644 §3.5.2.3; RFC 7643 §4.1.1).',
  cases: ['C9311'], refs: ['OKTA-SCIM', 'RFC7644-3.5.2.3'], target: 'scim', method: 'GET', path: `/Users/{{scim_member${n}_id}}`,
  assertions: [status(200), eq('active', 'false')], readBack: true,
});

const steps = [
  appInstanceStep(step, ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION']),
  step({
    id: 'create-okta-group', title: 'Add a group in Okta',
    requirement: 'Okta creates the group (C9297).', fix: 'Check the token\'s permissions (group administration).',
    cases: ['C9297'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/groups',
    body: { profile: { name: '{{okta_group_name}}', description: 'Created by scim-conformance (okta-plan/group-assignment); safe to delete.' } },
    assertions: [status(200)], extractions: [{ name: 'okta_group_id', source: 'response_json', property: 'id' }],
  }),
  ...memberSteps(1),
  ...memberSteps(2),
  step({
    id: 'assign-group-to-app', title: 'Assign the group to the app, with a Title for its members',
    requirement: 'Okta assigns the group (200), which assigns and provisions every member (C9307).', fix: PUSH_FIX,
    cases: ['C9307'], refs: ['OKTA-API'], target: 'okta', method: 'PUT', path: GROUP_URL,
    body: { priority: 0, profile: { title: '{{okta_group_title}}' } }, assertions: [status(200)],
  }),
  provisioned(1),
  provisioned(2),
  step({
    id: 'members-assigned-by-group', title: 'Verify that member 1 is assigned by group (Type=Group)',
    requirement: 'The app user of member 1 has scope GROUP and the SCIM id Okta learnt (C9307: "these users should contain Type=Group").',
    fix: 'Answer Okta\'s create with the user and its id (RFC 7644 §3.3).',
    cases: ['C9307'], refs: ['OKTA-API'], target: 'okta', method: 'GET', path: '/api/v1/apps/{{oktaAppId}}/users/{{okta_member1_id}}',
    assertions: [status(200), eq('scope', 'GROUP'), eq('externalId', '{{scim_member1_id}}')], readBack: true,
  }),
  step({
    id: 'update-group-assignment-attributes', title: 'Edit the group assignment: change Title',
    requirement: 'Okta saves the group assignment (200), which updates every member assigned by it (C9309).', fix: PUSH_FIX,
    cases: ['C9309'], refs: ['OKTA-API'], target: 'okta', method: 'PUT', path: GROUP_URL,
    body: { priority: 0, profile: { title: '{{okta_group_title_update}}' } }, assertions: [status(200)],
  }),
  titleIs(1, '{{okta_group_title_update}}', ['C9309'], 'member-1-updated', 'Verify that member 1 has the new Title'),
  titleIs(2, '{{okta_group_title_update}}', ['C9309'], 'member-2-updated', 'Verify that member 2 has the new Title'),
  step({
    id: 'erase-group-assignment-attributes', title: 'Edit the group assignment: erase Title',
    requirement: 'Okta saves the group assignment with an empty Title (200), which pushes the empty value to the members (C9337).', fix: PUSH_FIX,
    cases: ['C9337'], refs: ['OKTA-API'], target: 'okta', method: 'PUT', path: GROUP_URL,
    body: { priority: 0, profile: { title: '' } }, assertions: [status(200)],
  }),
  titleCleared(1),
  titleCleared(2),
  step({
    id: 'remove-group-assignment', title: 'Remove the group\'s assignment to the app',
    requirement: 'Okta removes the group assignment (204), which unassigns and deprovisions its members (C9311).', fix: PUSH_FIX,
    cases: ['C9311'], refs: ['OKTA-API'], target: 'okta', method: 'DELETE', path: GROUP_URL, assertions: [status(204)],
  }),
  deactivated(1),
  deactivated(2),
];

export const oktaPlanGroupAssignmentSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: group assignment',
  description: 'Cases of Okta\'s manual SCIM test plan about assigning a group to the app, through an Okta org (real or emulated): members provisioned, group attributes updated and erased, group assignment removed.',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  initial: { kind: 'generate', generate: oktaPlanGroupAssignmentData },
  secretVariables: ['okta_user_password'],
  steps,
  cleanup: [
    {
      title: 'Okta group {{okta_group_name}}: assignment to the app removed',
      needs: ['okta_group_id'],
      request: { method: 'DELETE', url: `{{oktaOrgUrl}}${GROUP_URL}`, headers: OKTA_HEADERS },
    },
    oktaGroupCleanup('okta_group_id', '{{okta_group_name}}'),
    ...oktaUserCleanup('okta_member1_id', '{{okta_member1_email}}'),
    ...oktaUserCleanup('okta_member2_id', '{{okta_member2_email}}'),
    { title: 'SCIM user {{okta_member1_email}} ({{scim_member1_id}}): left deactivated, as Okta leaves it', needs: ['scim_member1_id'] },
    { title: 'SCIM user {{okta_member2_email}} ({{scim_member2_id}}): left deactivated, as Okta leaves it', needs: ['scim_member2_id'] },
  ],
};

/** Two members in the style of Okta's CRUD test data, a group with our prefix, Title values. */
export function oktaPlanGroupAssignmentData(random: () => number): Record<string, string> {
  const out: Record<string, string> = { okta_user_password: 'Kv7J2LEa', okta_group_title: 'Group Engineer', okta_group_title_update: 'Group Architect' };
  for (const n of [1, 2] as const) {
    const first = oktaFirstName(random);
    const last = oktaLastName(random);
    out[`okta_member${n}_firstname`] = first;
    out[`okta_member${n}_lastname`] = last;
    out[`okta_member${n}_email`] = `${first}${last}@atko.com`;
  }
  out['okta_group_name'] = `scim-conformance-plan-${randomTag(random)}`;
  return out;
}
