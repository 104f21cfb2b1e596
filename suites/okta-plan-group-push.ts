/**
 * `okta-plan/group-push`: the Group Push cases of Okta's manual test plan, through an Okta org
 * (real or emulated) with the Group Push mapping API (okta-wire.md §2.2), each verified on the
 * SCIM server: push a group with members and an empty one (C9312, C9317), add and remove
 * members (C9332, C9333), deactivate and activate pushes (C9319, C9320; Bulk Edit C9328,
 * C9329), Push Now (C9316, emulator only), unlink leaving the app group and link it again
 * (C9321, C9322), link to an existing app group renaming it or not (C9313/C9315, C9314/C9330;
 * the setting is an Admin Console one: emulator only), unlink deleting app groups (C9318; Bulk
 * Edit C9327) and leaving them (Bulk Edit C9331).
 *
 * Bulk Edit changes several pushed groups at once in the Admin Console; the API has no bulk
 * call, so the steps change each selected mapping in turn — what the console's bulk action
 * does to each. Push Groups by rule (C9323–C9326) is okta-plan/push-rules.
 *
 * Every group step is `n/a` when the app has no Group Push feature or the SCIM server lists no
 * Group resource type (the plan: skip the cases of unsupported features). Cleanup unlinks every
 * mapping deleting its app group, deletes the app groups the run created directly, the Okta
 * groups and users; the SCIM users are left deactivated, as Okta leaves them.
 */
import type { Assertion, CleanupAction, RequestStep, Suite } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import {
  appInstanceStep, assignBody, mappingCleanup, membersAre, NO_SETTINGS_API, oktaGroupCleanup, oktaUserBody, oktaUserCleanup,
  planStepBuilder, PLAN_INPUTS, randomTag, scimCleanup, type PlanStepSpec,
  groupPushScript,
} from './okta-plan-kit.js';
import { listedFlagScript, statusIn, variableGate } from './scim-step-kit.js';

const SUITE = 'okta-plan/group-push';
const build = planStepBuilder(SUITE);

const GATES = [
  variableGate('okta_group_push', 'the app does not have Push Groups (GROUP_PUSH) enabled'),
  variableGate('scim_groups', 'the SCIM server lists no Group resource type (/ResourceTypes)'),
];
/** A group step: gated on Group Push and Groups. */
const step = (spec: PlanStepSpec): RequestStep => build({ ...spec, gates: [...GATES, ...(spec.gates ?? [])] });

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const eq = (property: string, value: string): Assertion => ({ source: 'response_json', property, comparison: 'equal', value });

type U = 1 | 2;
const u = (n: U, name: string): string => `{{okta_pu${n}_${name}}}`;
type G = 'a' | 'b' | 'c' | 'd';
const MAPPINGS = '/api/v1/apps/{{oktaAppId}}/group-push/mappings';

const GROUP_PUSH_FIX = 'In Okta: enable Push Groups for the app (the emulator does by default) and check the token\'s permissions.';
const MEMBERS_FIX = 'Apply Okta\'s PATCH on members: add appends values, remove with members[value eq "…"] removes exactly that member, replace sets the whole list (RFC 7644 §3.5.2.1–3); return members on GET /Groups/{id} (RFC 7643 §4.2).';
const DELETE_FIX = 'Accept DELETE /Groups/{id} with 204 and answer 404 for the deleted group afterwards (RFC 7644 §3.6).';

const KEEP_FIX = 'Nothing to change on the SCIM server unless it deleted or changed the group by itself.';

function userSteps(n: U): RequestStep[] {
  return [
    build({
      id: `create-okta-user-${n}`, title: `Add person ${n} in Okta`,
      requirement: `Okta creates and activates person ${n} (C9296).`, fix: 'Check the token\'s permissions and the org\'s password policy (--var okta_user_password=…).',
      cases: ['C9296'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users?activate=true',
      body: oktaUserBody(u(n, 'firstname'), u(n, 'lastname'), u(n, 'email')),
      assertions: [status(200)], extractions: [{ name: `okta_pu${n}_id`, source: 'response_json', property: 'id' }],
    }),
    build({
      id: `assign-user-${n}`, title: `Assign person ${n} to the app`,
      requirement: `Okta assigns person ${n} (200), which provisions it: Group Push pushes only provisioned members (plan note on C9332).`,
      fix: 'In Okta: enable Create Users (Provisioning → To App).',
      cases: ['C9290'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users',
      body: assignBody(`{{okta_pu${n}_id}}`, u(n, 'firstname'), u(n, 'lastname'), u(n, 'email')), assertions: [status(200)],
    }),
    build({
      id: `user-${n}-provisioned`, title: `Verify that person ${n} is provisioned in the app`,
      requirement: `The SCIM server holds person ${n} (its id is what Okta sends as the member value) (C9290).`,
      fix: 'Accept Okta\'s POST /Users and answer the userName eq filter (RFC 7644 §3.3, §3.4.2.2).',
      cases: ['C9290'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: `/Users?filter=userName eq "${u(n, 'email')}"`,
      assertions: [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }, eq('Resources[0].userName', u(n, 'email'))],
      extractions: [{ name: `scim_pu${n}_id`, source: 'response_json', property: 'Resources[0].id' }],
      readBack: true,
    }),
  ];
}

const createOktaGroup = (g: G, cases: readonly string[]): RequestStep => step({
  id: `create-okta-group-${g}`, title: `Add Okta group ${g.toUpperCase()}`,
  requirement: `Okta creates group ${g.toUpperCase()} (C9297).`, fix: 'Check the token\'s permissions (group administration).',
  cases: ['C9297', ...cases], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/groups',
  body: { profile: { name: `{{okta_g${g}_name}}`, description: 'Created by scim-conformance (okta-plan/group-push); safe to delete.' } },
  assertions: [status(200)], extractions: [{ name: `okta_g${g}_id`, source: 'response_json', property: 'id' }],
});

const membership = (op: 'add' | 'remove', n: U, g: G, cases: readonly string[], note: string, idSuffix = ''): RequestStep => step({
  id: `${op}-user-${n}-${op === 'add' ? 'to' : 'from'}-group-${g}${idSuffix}`, title: `${op === 'add' ? 'Add' : 'Remove'} person ${n} ${op === 'add' ? 'to' : 'from'} Okta group ${g.toUpperCase()}`,
  requirement: `Okta ${op === 'add' ? 'adds' : 'removes'} person ${n} (204)${note} (${cases.join(', ')}).`, fix: 'Check the token\'s permissions (group membership administration).',
  cases, refs: ['OKTA-API'], target: 'okta', method: op === 'add' ? 'PUT' : 'DELETE', path: `/api/v1/groups/{{okta_g${g}_id}}/users/{{okta_pu${n}_id}}`,
  ...(op === 'add' ? { body: '' } : {}), assertions: [status(204)],
});

const setMapping = (g: G, suffix: string, active: boolean, cases: readonly string[], what: string, idSuffix = ''): RequestStep => step({
  id: `${active ? 'activate' : 'deactivate'}-push-${g}${suffix}${idSuffix}`, title: `${active ? 'Activate' : 'Deactivate'} the push of group ${g.toUpperCase()}${what}`,
  requirement: `Okta sets the push mapping ${active ? 'ACTIVE' : 'INACTIVE'} (200) (${cases.join(', ')}).`, fix: GROUP_PUSH_FIX,
  cases, refs: ['OKTA-API'], target: 'okta', method: 'PATCH', path: `${MAPPINGS}/{{okta_map_${g}${suffix}_id}}`,
  body: { status: active ? 'ACTIVE' : 'INACTIVE' }, assertions: [status(200), eq('status', active ? 'ACTIVE' : 'INACTIVE')],
});

const unlink = (g: G, suffix: string, deleteTarget: boolean, cases: readonly string[], what: string): RequestStep => step({
  id: `unlink-group-${g}${suffix}-${deleteTarget ? 'deleting' : 'leaving'}-app-group`,
  title: `Unlink pushed group ${g.toUpperCase()}: ${deleteTarget ? 'Delete the group in the target app' : 'Leave the group in the target app'}${what}`,
  requirement: `Okta deletes the inactive mapping with deleteTargetGroup=${String(deleteTarget)} (204)${deleteTarget ? ', which makes Okta send DELETE /Groups/{id}' : '; Okta sends nothing to the app'} (${cases.join(', ')}; okta-wire.md §1.11).`,
  fix: GROUP_PUSH_FIX,
  cases, refs: ['OKTA-API', 'OKTA-SCIM'], target: 'okta', method: 'DELETE', path: `${MAPPINGS}/{{okta_map_${g}${suffix}_id}}?deleteTargetGroup=${String(deleteTarget)}`,
  assertions: [status(204)],
});

const groupRead = (id: string, title: string, groupVar: string, cases: readonly string[], requirement: string, fix: string, extra: Partial<PlanStepSpec>): RequestStep => step({
  id, title, requirement, fix, cases, refs: ['OKTA-SCIM', 'RFC7644-3.4.1', 'RFC7643-4.2'], target: 'scim', method: 'GET', path: `/Groups/{{${groupVar}}}`, ...extra,
});

const createAppGroup = (g: 'x' | 'y', cases: readonly string[]): RequestStep => step({
  id: `create-app-group-${g}`, title: `Create group ${g.toUpperCase()} directly in the app`,
  requirement: `The SCIM server creates the group (201) (plan precondition of ${cases.join(', ')}: "Create a group in the target app").`,
  fix: 'Accept POST /Groups and answer 201 with the group and its id (RFC 7644 §3.3).',
  cases, refs: ['RFC7644-3.3'], target: 'scim', method: 'POST', path: '/Groups',
  body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `{{app_g${g}_name}}`, members: [] },
  assertions: [status(201)], extractions: [{ name: `scim_g${g}_id`, source: 'response_json', property: 'id' }],
});

const renameSetting = (on: boolean, cases: readonly string[], id: string): RequestStep => step({
  id, title: `Push Groups settings: ${on ? 'tick' : 'untick'} "Rename app groups to match group name in Okta"`,
  requirement: `The setting is saved (${cases.join(', ')}).`, fix: 'Check the emulator\'s settings request.',
  cases, target: 'okta', method: 'PUT', path: '/emulator/v1/apps/{{oktaAppId}}/settings', body: { renameAppGroups: on },
  assertions: [status(200)], emulatorOnly: NO_SETTINGS_API,
  // Set only when the emulator took the setting: its cleanup then restores it.
  extractions: [{ name: 'okta_rename_setting_changed', source: 'response_json', property: 'renameAppGroups', optional: true }],
});

const linkMapping = (g: G, suffix: string, target: string, cases: readonly string[]): RequestStep => step({
  id: `link-group-${g}${suffix}`, title: `Push group ${g.toUpperCase()}, linking it to an existing app group`,
  requirement: `Okta creates an active mapping to the existing app group (targetGroupId) (201), which pushes the group's members to it (${cases.join(', ')}).`,
  fix: GROUP_PUSH_FIX,
  cases, refs: ['OKTA-API', 'OKTA-SCIM'], target: 'okta', method: 'POST', path: MAPPINGS,
  body: { sourceGroupId: `{{okta_g${g}_id}}`, targetGroupId: `{{${target}}}`, status: 'ACTIVE' },
  assertions: [status(201)], extractions: [{ name: `okta_map_${g}${suffix}_id`, source: 'response_json', property: 'id' }],
});

const pushNew = (g: G, cases: readonly string[]): RequestStep => step({
  id: `push-group-${g}`, title: `Push group ${g.toUpperCase()} to the app (Create Group)`,
  requirement: `Okta creates an active mapping that creates the group in the app under its name (201) (${cases.join(', ')}).`,
  fix: GROUP_PUSH_FIX,
  cases, refs: ['OKTA-API', 'OKTA-SCIM'], target: 'okta', method: 'POST', path: MAPPINGS,
  body: { sourceGroupId: `{{okta_g${g}_id}}`, targetGroupName: `{{okta_g${g}_name}}`, status: 'ACTIVE' },
  assertions: [status(201)], extractions: [{ name: `okta_map_${g}_id`, source: 'response_json', property: 'id' }],
});

const pushedFound = (g: G, cases: readonly string[], members: Partial<PlanStepSpec>): RequestStep => step({
  id: `group-${g}-created-in-app`, title: `Verify that group ${g.toUpperCase()} is created in the app`,
  requirement: `Okta's POST /Groups creates the group under the Okta name: a displayName eq filter finds exactly it (${cases.join(', ')}; RFC 7644 §3.3, §3.4.2.2).`,
  fix: 'Accept POST /Groups and answer 201 with the group and its id; support filter=displayName eq "…" on /Groups (RFC 7644 §3.3, §3.4.2.2).',
  cases, refs: ['OKTA-SCIM', 'RFC7644-3.3', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: `/Groups?filter=displayName eq "{{okta_g${g}_name}}"`,
  assertions: [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }, eq('Resources[0].displayName', `{{okta_g${g}_name}}`)],
  extractions: [{ name: `scim_g${g}_id`, source: 'response_json', property: 'Resources[0].id' }],
  readBack: true, ...members,
});

const steps: RequestStep[] = [
  appInstanceStep(build, ['PUSH_NEW_USERS'], {
    scripts: [groupPushScript(SUITE)],
  }),
  build({
    id: 'app-lists-groups', title: 'Read the app\'s resource types: does it manage groups?',
    requirement: 'The SCIM server answers /ResourceTypes with a ListResponse (RFC 7644 §4, §3.4.2); the Group Push cases apply when it lists a Group resource type.',
    fix: 'Serve GET /ResourceTypes with a ListResponse (schemas: the ListResponse URN) of the resource types (RFC 7644 §4, §3.4.2).',
    cases: ['C9298'], refs: ['RFC7644-4', 'RFC7644-3.4.2'], target: 'scim', method: 'GET', path: '/ResourceTypes',
    assertions: [status(200), { source: 'response_json', property: 'schemas', comparison: 'has_value', value: 'urn:ietf:params:scim:api:messages:2.0:ListResponse' }],
    scripts: [listedFlagScript('scim_groups', 'endpoint', ['/Groups'], `${SUITE}/app-lists-groups: Groups offered?`)],
  }),
  ...userSteps(1),
  ...userSteps(2),
  createOktaGroup('a', ['C9312']),
  membership('add', 1, 'a', ['C9308', 'C9312'], ''),
  pushNew('a', ['C9312']),
  pushedFound('a', ['C9312'], {}),
  groupRead('group-a-has-user-1', 'Verify that the pushed group has person 1 as its member', 'scim_ga_id', ['C9312'],
    'Okta\'s PATCH add of the provisioned members follows the create: person 1 is the only member (C9312: "All users from the group are assigned in the app to this group").',
    MEMBERS_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu1_id'], [], 1)], readBack: true }),
  membership('add', 2, 'a', ['C9332'], ', which makes Okta push the new member'),
  groupRead('group-a-has-both-users', 'Verify that person 2 is added to the app group', 'scim_ga_id', ['C9332'],
    'Okta\'s PATCH {"op":"add","path":"members",…} adds person 2 and keeps person 1 (C9332; RFC 7644 §3.5.2.1).',
    MEMBERS_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu1_id', 'scim_pu2_id'], [], 2)], readBack: true }),
  membership('remove', 1, 'a', ['C9333'], ', which makes Okta push the removal'),
  groupRead('group-a-has-only-user-2', 'Verify that person 1 is removed from the app group', 'scim_ga_id', ['C9333'],
    'Okta\'s PATCH {"op":"remove","path":"members[value eq \\"…\\"]"} removes exactly person 1 (C9333; RFC 7644 §3.5.2.2).',
    MEMBERS_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu2_id'], ['scim_pu1_id'], 1)], readBack: true }),
  createOktaGroup('b', ['C9317']),
  pushNew('b', ['C9317']),
  pushedFound('b', ['C9317'], { checks: [membersAre([], [], 0)] }),
  setMapping('a', '', false, ['C9319', 'C9328'], ' (Bulk Edit: first of two)'),
  setMapping('b', '', false, ['C9328'], ' (Bulk Edit: second of two)'),
  membership('add', 1, 'a', ['C9319'], ' while its push is inactive', '-while-inactive'),
  groupRead('group-a-unchanged-while-inactive', 'Verify that the app group is unchanged while its push is inactive', 'scim_ga_id', ['C9319', 'C9328'],
    'A deactivated push pauses synchronisation and keeps the group in the app: it still exists with person 2 only (C9319, C9328).',
    KEEP_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu2_id'], ['scim_pu1_id'], 1)], readBack: true }),
  setMapping('a', '', true, ['C9320', 'C9329'], ' (Bulk Edit: first of two)'),
  setMapping('b', '', true, ['C9329'], ' (Bulk Edit: second of two)'),
  groupRead('group-a-pushed-on-activation', 'Verify that the membership is pushed when the push is activated', 'scim_ga_id', ['C9320', 'C9329'],
    'Activating the push pushes the whole membership at once ({"op":"replace","path":"members",…}): persons 1 and 2 (C9320, C9329; RFC 7644 §3.5.2.3).',
    MEMBERS_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu1_id', 'scim_pu2_id'], [], 2)], readBack: true }),
  step({
    id: 'remove-member-in-app', title: 'Remove person 2 from the app group directly in the app (out of sync with Okta)',
    requirement: 'The SCIM server applies the PATCH remove (200 or 204) (plan C9316: "From the Downstream application add several new members …").',
    fix: 'Apply PATCH remove with a value filter (RFC 7644 §3.5.2.2).',
    cases: ['C9316'], refs: ['RFC7644-3.5.2.2'], target: 'scim', method: 'PATCH', path: '/Groups/{{scim_ga_id}}',
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members[value eq "{{scim_pu2_id}}"]' }] },
    checks: [statusIn([200, 204])], emulatorOnly: 'Push Now has no Management API call, so the app group is not put out of sync on a real org — run C9316 by hand',
  }),
  step({
    id: 'push-now', title: 'Push Now the group',
    requirement: 'Okta accepts Push Now, a full overwrite of the app group\'s membership (C9316).', fix: 'Check the emulator\'s request.',
    cases: ['C9316'], target: 'okta', method: 'POST', path: `/emulator/v1${MAPPINGS.replace('/api/v1', '')}/{{okta_map_a_id}}/push`,
    assertions: [status(202)], emulatorOnly: 'Okta\'s Management API has no Push Now call (the Push Groups tab\'s action) — run C9316 by hand',
  }),
  groupRead('group-a-overwritten-by-push-now', 'Verify that Push Now restored Okta\'s membership', 'scim_ga_id', ['C9316'],
    'Push Now overwrites the app group\'s membership with Okta\'s (persons 1 and 2) ({"op":"replace","path":"members",…}; C9316; RFC 7644 §3.5.2.3).',
    MEMBERS_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu1_id', 'scim_pu2_id'], [], 2)], readBack: true, emulatorOnly: 'Push Now has no Management API call — run C9316 by hand' }),
  setMapping('b', '', false, ['C9321'], '', '-to-unlink'),
  unlink('b', '', false, ['C9321'], ''),
  groupRead('group-b-left-in-app', 'Verify that the unlinked group is left in the app', 'scim_gb_id', ['C9321'],
    '"Leave the group in the target app" sends nothing: the group still exists (C9321).', KEEP_FIX,
    { assertions: [status(200), eq('id', '{{scim_gb_id}}')] }),
  linkMapping('b', '2', 'scim_gb_id', ['C9322']),
  membership('add', 2, 'b', ['C9322'], ', which Okta pushes to the linked group'),
  groupRead('group-b-relinked-syncs', 'Verify that the group linked again receives new members', 'scim_gb_id', ['C9322'],
    'After linking the group left in the app, a member added in Okta appears in it (C9322: "those changes will appear in the target app").',
    MEMBERS_FIX, { assertions: [status(200)], checks: [membersAre(['scim_pu2_id'], [], 1)], readBack: true }),
  renameSetting(true, ['C9313'], 'rename-app-groups-on'),
  createAppGroup('x', ['C9315']),
  createOktaGroup('c', ['C9315']),
  membership('add', 1, 'c', ['C9315'], ''),
  linkMapping('c', '', 'scim_gx_id', ['C9315']),
  groupRead('group-x-renamed-and-synced', 'Verify that the linked app group is renamed to the Okta name and has its members', 'scim_gx_id', ['C9315', 'C9313'],
    'With "Rename app groups to match group name in Okta" on, Okta renames the linked group (PATCH replace {id, displayName}) and pushes its members (C9315; okta-wire.md §1.11).',
    'Apply the path-less PATCH replace of displayName (RFC 7644 §3.5.2.3) and the members push; keep the group\'s id.',
    { assertions: [status(200), eq('displayName', '{{okta_gc_name}}'), eq('id', '{{scim_gx_id}}')], checks: [membersAre(['scim_pu1_id'], [], 1)], readBack: true, emulatorOnly: NO_SETTINGS_API }),
  step({
    id: 'no-additional-group-created', title: 'Verify that linking created no additional group',
    requirement: 'Exactly one app group has the Okta name, the linked one (C9315: "No additional groups should be created").',
    fix: 'Answer the displayName eq filter with the renamed group (RFC 7644 §3.4.2.2).',
    cases: ['C9315'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: '/Groups?filter=displayName eq "{{okta_gc_name}}"',
    assertions: [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }, eq('Resources[0].id', '{{scim_gx_id}}')],
    emulatorOnly: NO_SETTINGS_API,
  }),
  renameSetting(false, ['C9314'], 'rename-app-groups-off'),
  createAppGroup('y', ['C9330']),
  createOktaGroup('d', ['C9330']),
  membership('add', 2, 'd', ['C9330'], ''),
  linkMapping('d', '', 'scim_gy_id', ['C9330']),
  groupRead('group-y-kept-name-and-synced', 'Verify that the linked app group keeps its name and has the members', 'scim_gy_id', ['C9330', 'C9314'],
    'With "Rename app groups…" off, the linked group keeps its name and receives the members (C9330).',
    'Apply Okta\'s members push without changing displayName; keep the group\'s id (RFC 7644 §3.5.2).',
    { assertions: [status(200), eq('displayName', '{{app_gy_name}}')], checks: [membersAre(['scim_pu2_id'], [], 1)], readBack: true, emulatorOnly: NO_SETTINGS_API }),
  renameSetting(true, ['C9313'], 'rename-app-groups-on-again'),
  setMapping('a', '', false, ['C9318', 'C9327'], ' (Bulk Edit: first of two)', '-to-unlink'),
  setMapping('c', '', false, ['C9327'], ' (Bulk Edit: second of two)', '-to-unlink'),
  unlink('a', '', true, ['C9318', 'C9327'], ' (Bulk Edit: first of two)'),
  unlink('c', '', true, ['C9327'], ' (Bulk Edit: second of two)'),
  groupRead('group-a-deleted-in-app', 'Verify that unlinked group A is deleted in the app', 'scim_ga_id', ['C9318', 'C9327'],
    'Okta\'s DELETE /Groups/{id} deletes the group: GET answers 404 (C9318, C9327; RFC 7644 §3.6).', DELETE_FIX,
    { assertions: [status(404)], readBack: true }),
  groupRead('group-x-deleted-in-app', 'Verify that unlinked group X is deleted in the app', 'scim_gx_id', ['C9327'],
    'Okta\'s DELETE /Groups/{id} deletes the second selected group too (C9327; RFC 7644 §3.6).', DELETE_FIX,
    { assertions: [status(404)], readBack: true }),
  setMapping('b', '2', false, ['C9331'], ' (Bulk Edit: first of two)', '-to-unlink'),
  setMapping('d', '', false, ['C9331'], ' (Bulk Edit: second of two)', '-to-unlink'),
  unlink('b', '2', false, ['C9331'], ' (Bulk Edit: first of two)'),
  unlink('d', '', false, ['C9331'], ' (Bulk Edit: second of two)'),
  groupRead('group-b-kept-in-app', 'Verify that unlinked group B is left in the app', 'scim_gb_id', ['C9331'],
    '"Leave the group in the target app": the group still exists (C9331).', KEEP_FIX, { assertions: [status(200)] }),
  groupRead('group-y-kept-in-app', 'Verify that unlinked group Y is left in the app', 'scim_gy_id', ['C9331'],
    '"Leave the group in the target app": the second selected group still exists (C9331).', KEEP_FIX, { assertions: [status(200)] }),
];

const cleanup: CleanupAction[] = [
  ...mappingCleanup('okta_map_a_id', true),
  ...mappingCleanup('okta_map_b_id', true),
  ...mappingCleanup('okta_map_b2_id', true),
  ...mappingCleanup('okta_map_c_id', true),
  ...mappingCleanup('okta_map_d_id', true),
  scimCleanup('/Groups/{{scim_gb_id}}', ['scim_gb_id'], 'SCIM group {{okta_gb_name}} ({{scim_gb_id}}), left in the app by the run: deleted'),
  scimCleanup('/Groups/{{scim_gx_id}}', ['scim_gx_id'], 'SCIM group {{app_gx_name}} ({{scim_gx_id}}), created by the run: deleted'),
  scimCleanup('/Groups/{{scim_gy_id}}', ['scim_gy_id'], 'SCIM group {{app_gy_name}} ({{scim_gy_id}}), created by the run: deleted'),
  {
    title: 'Okta Push Groups setting "Rename app groups…": on again (emulator)',
    needs: ['okta_org_emulated', 'okta_rename_setting_changed'],
    request: {
      method: 'PUT', url: '{{oktaOrgUrl}}/emulator/v1/apps/{{oktaAppId}}/settings',
      headers: [['Accept', 'application/json'], ['Authorization', 'SSWS {{oktaToken}}'], ['Content-Type', 'application/json']],
      body: JSON.stringify({ renameAppGroups: true }),
    },
  },
  oktaGroupCleanup('okta_ga_id', '{{okta_ga_name}}'),
  oktaGroupCleanup('okta_gb_id', '{{okta_gb_name}}'),
  oktaGroupCleanup('okta_gc_id', '{{okta_gc_name}}'),
  oktaGroupCleanup('okta_gd_id', '{{okta_gd_name}}'),
  ...oktaUserCleanup('okta_pu1_id', '{{okta_pu1_email}}'),
  ...oktaUserCleanup('okta_pu2_id', '{{okta_pu2_email}}'),
  { title: 'SCIM user {{okta_pu1_email}} ({{scim_pu1_id}}): left deactivated, as Okta leaves it', needs: ['scim_pu1_id'] },
  { title: 'SCIM user {{okta_pu2_email}} ({{scim_pu2_id}}): left deactivated, as Okta leaves it', needs: ['scim_pu2_id'] },
];

export const oktaPlanGroupPushSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: Group Push',
  description: 'Cases of Okta\'s manual SCIM test plan about Group Push, through an Okta org (real or emulated): push new and empty groups, members added and removed, deactivate and activate (also as Bulk Edit), Push Now, unlink leaving or deleting the app group, link to existing app groups renaming them or not.',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  initial: { kind: 'generate', generate: oktaPlanGroupPushData },
  secretVariables: ['okta_user_password'],
  steps,
  cleanup,
};

/** Two people, four Okta groups and two app groups, all with our prefix and one random tag. */
export function oktaPlanGroupPushData(random: () => number): Record<string, string> {
  const out: Record<string, string> = { okta_user_password: 'Kv7J2LEa' };
  for (const n of [1, 2] as const) {
    const first = oktaFirstName(random);
    const last = oktaLastName(random);
    out[`okta_pu${n}_firstname`] = first;
    out[`okta_pu${n}_lastname`] = last;
    out[`okta_pu${n}_email`] = `${first}${last}@atko.com`;
  }
  const tag = randomTag(random);
  for (const g of ['a', 'b', 'c', 'd'] as const) out[`okta_g${g}_name`] = `scim-conformance-push-${tag}-${g}`;
  out['app_gx_name'] = `scim-conformance-app-${tag}-x`;
  out['app_gy_name'] = `scim-conformance-app-${tag}-y`;
  return out;
}
