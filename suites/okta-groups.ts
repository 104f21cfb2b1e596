/**
 * `okta-groups`: Okta Group Push, driven through an Okta org (real or emulated) with the
 * Management API calls an administrator's console makes (okta-wire.md §2.2 Groups, Group Push
 * mappings) and verified on the SCIM server in Okta's dialect (okta-wire.md §1.11): the group
 * is created with POST /Groups, members are added and removed with PATCH `add` /
 * `remove members[value eq "…"]`, a rename is a path-less PATCH `replace` of
 * {id, displayName}, and unlinking with "Delete the group in the target app" is
 * DELETE /Groups/{id}.
 *
 * Group Push is optional for OIN, so every step is `optional`: a failure is a warning unless
 * --strict. Each SCIM check is a read-back bounded like Okta's CRUD pauses (20 s): it passes as
 * soon as the server shows the change. There are no pause steps: with --pauses keep a read-back
 * waits its bound once, which is what a pause before it would do.
 *
 * Cleanup leaves nothing in Okta (mapping unlinked, group deleted, both users deactivated and
 * deleted) and deletes the SCIM group if Okta's unlink did not. The two SCIM users are left
 * deactivated, as Okta leaves them (and as okta-crud does): Okta never sends DELETE /Users, so
 * an OIN server need not support it, and a cleanup it may rightly refuse would only be noise.
 */
import type { Assertion, CleanupAction, RequestStep, Step, Suite, VerifyFunction } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import { json, OKTA_HEADERS, OKTA_ORG_INPUTS, OKTA_SCIM_HEADERS, oktaStepBuilders, status, type StepText } from './okta-step-kit.js';

/** Okta's CRUD pause (okta-wire.md §3): the bound of every SCIM read-back. */
const READ_BACK_MS = 20_000;

type UserNo = 1 | 2;

/** `okta_user1_email` … : the variables of test user `n`. */
const v = (n: UserNo, name: 'firstname' | 'lastname' | 'email' | 'id'): string => `{{okta_user${n}_${name}}}`;

const createUserBody = (n: UserNo): string => JSON.stringify({
  profile: {
    firstName: v(n, 'firstname'),
    lastName: v(n, 'lastname'),
    email: v(n, 'email'),
    login: v(n, 'email'),
  },
  credentials: {
    password: { value: '{{okta_user_password}}' },
    recovery_question: { question: "Who's a major player in the cowboy scene?", answer: 'okta' },
  },
}, null, 2);

// The mapped attributes must equal what the mappings give, else Okta answers 403 E0000075
// (okta-wire.md §2.1 notes).
const assignBody = (n: UserNo): string => JSON.stringify({
  id: v(n, 'id'),
  scope: 'USER',
  credentials: { userName: v(n, 'email') },
  profile: { familyName: v(n, 'lastname'), givenName: v(n, 'firstname'), emailType: 'work', email: v(n, 'email') },
}, null, 2);

const groupBody = (name: string): string => JSON.stringify({
  profile: { name, description: 'Created by scim-conformance (okta-groups suite); safe to delete.' },
}, null, 2);

const memberCount = (n: number): Assertion => ({ source: 'response_json', property: 'members.length', comparison: 'equal_number', value: String(n) });
const hasMember = (n: UserNo): Assertion => ({ source: 'response_json', property: 'members', comparison: 'contains', value: `{{scim_user${n}_id}}` });
const lacksMember = (n: UserNo): Assertion => ({ source: 'response_json', property: 'members', comparison: 'does_not_contain', value: `{{scim_user${n}_id}}` });

const builders = oktaStepBuilders('okta-groups', 'optional');
const { okta } = builders;
const scim = (id: string, url: string, text: StepText, assertions: readonly Assertion[], extra: Partial<RequestStep> = {}): RequestStep =>
  builders.scim(id, url, text, READ_BACK_MS, assertions, extra);

const OKTA_PUSH_FIX = 'In Okta: enable provisioning To App with Create Users (the emulator does by default) and check the token\'s permissions.';
const GROUP_PUSH_FIX = 'In Okta: enable Group Push for the app (Push Groups tab; the emulator does by default) and check the token\'s permissions.';
const GROUP_GET_FIX = 'Return the group with its members on GET /Groups/{id} (RFC 7643 §4.2: members is returned by default).';

function userSteps(n: UserNo): RequestStep[] {
  return [
    okta(`create-okta-user-${n}`, 'POST', '/api/v1/users?activate=true', {
      title: `Add random user ${n} to Okta`,
      requirement: `Okta creates and activates test user ${n}.`,
      fix: 'Check the token\'s permissions and the org\'s password policy (override the password with --var okta_user_password=…).',
      refs: ['OKTA-API'],
    }, 200, createUserBody(n), { extractions: [{ name: `okta_user${n}_id`, source: 'response_json', property: 'id' }] }),
    okta(`assign-user-${n}-to-app`, 'POST', '/api/v1/apps/{{oktaAppId}}/users', {
      title: `Assign user ${n} to the SCIM app`,
      requirement: `Okta assigns user ${n} to the app, which makes Okta provision it (Group Push only pushes members that are provisioned).`,
      fix: OKTA_PUSH_FIX,
      refs: ['OKTA-API', 'OKTA-SCIM'],
    }, 200, assignBody(n)),
  ];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * User 2 is a SCIM user of its own: a server whose userName filter answers with other users
 * makes Okta link user 2 to user 1 (okta-wire.md §1.3), and every membership check after that
 * would be about one user. Nothing to compare while user 1's id is unknown.
 */
const notUser1: VerifyFunction = (ctx) => {
  const user1 = ctx.vars('scim_user1_id');
  const resources = isRecord(ctx.json) ? ctx.json['Resources'] : undefined;
  const first: unknown = Array.isArray(resources) ? resources[0] : undefined;
  const id = isRecord(first) ? first['id'] : undefined;
  if (user1 === undefined || id === undefined) return [];
  return [{ title: 'user 2 is a SCIM user of its own, not user 1', ok: id !== user1, expected: `an id other than user 1's (${user1})`, actual: id }];
};

function userProvisionedStep(n: UserNo): RequestStep {
  return scim(`user-${n}-provisioned-in-scim`, `/Users?filter=userName eq "${v(n, 'email')}"`, {
    title: `Verify that user ${n} is provisioned in the SCIM app`,
    requirement: `After the assignment the SCIM server holds user ${n}${n === 2 ? ' as a user of its own (not user 1)' : ''}, found by a userName eq filter (RFC 7644 §3.4.2.2); its id is what Okta sends as the member value.`,
    fix: 'Handle Okta\'s create: answer the userName eq filter with a ListResponse of the matching users only, then accept POST /Users (RFC 7644 §3.3, §3.4.2.2).',
    refs: ['OKTA-SCIM', 'RFC7644-3.3', 'RFC7644-3.4.2.2'],
  }, [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }, json('Resources[0].userName', v(n, 'email'))], {
    extractions: [{ name: `scim_user${n}_id`, source: 'response_json', property: 'Resources[0].id' }],
    ...(n === 2 ? { verify: notUser1 } : {}),
  });
}

/**
 * The cleanup deletes `/Groups/{{scim_group_owned_id}}`: an id kept only when the filter found
 * exactly our group, so that a server which ignores the filter cannot make us delete a group
 * we did not create (DESIGN.md core decision 10). A declarative extraction cannot be made
 * conditional, hence this post-response script; the read steps use the plain extraction
 * `scim_group_id`, which names its producer when it is missing.
 */
const KEEP_OWNED_GROUP_ID = [
  'var name = variables.get("okta_group_name");',
  'var body = null;',
  'try { body = response.json !== undefined ? response.json : JSON.parse(response.body); } catch (e) { body = null; }',
  'var list = body !== null && typeof body === "object" && Array.isArray(body.Resources) ? body.Resources : [];',
  'var only = list.length === 1 ? list[0] : null;',
  'if (response.status === 200 && only !== null && typeof only === "object" && only.displayName === name && typeof only.id === "string" && only.id !== "") variables.set("scim_group_owned_id", only.id);',
].join('\n');

const steps: readonly Step[] = [
  okta('app-instance-has-group-push', 'GET', '/api/v1/apps/{{oktaAppId}}', {
    title: 'Check the SCIM app instance in Okta and its Group Push feature',
    requirement: 'The Okta app instance oktaAppId exists, the API token can read it, and its features include GROUP_PUSH.',
    fix: `Give the id of your SCIM app instance and a token of an admin who can manage it. ${GROUP_PUSH_FIX}`,
    refs: ['OKTA-API', 'OKTA-OIN'],
  }, 200, undefined, {
    assertions: [status(200), { source: 'response_json', property: 'features', comparison: 'contains', value: 'GROUP_PUSH' }],
  }),
  // One user at a time: user 2 is assigned once user 1 is on the SCIM server, so Okta's
  // userName lookup for user 2 runs against a known state (no race between the two pushes).
  ...userSteps(1),
  userProvisionedStep(1),
  ...userSteps(2),
  userProvisionedStep(2),
  okta('create-okta-group', 'POST', '/api/v1/groups', {
    title: 'Create an Okta group with a random name',
    requirement: 'Okta creates the test group.',
    fix: 'Check the token\'s permissions (group administration).',
    refs: ['OKTA-API'],
  }, 200, groupBody('{{okta_group_name}}'), { extractions: [{ name: 'okta_group_id', source: 'response_json', property: 'id' }] }),
  okta('add-user-1-to-okta-group', 'PUT', '/api/v1/groups/{{okta_group_id}}/users/{{okta_user1_id}}', {
    title: 'Add user 1 to the Okta group',
    requirement: 'Okta adds user 1 to the group (204).',
    fix: 'Check the token\'s permissions (group membership administration).',
    refs: ['OKTA-API'],
  }, 204, ''),
  okta('push-group-to-app', 'POST', '/api/v1/apps/{{oktaAppId}}/group-push/mappings', {
    title: 'Push the group to the SCIM app (new group push mapping, ACTIVE)',
    requirement: 'Okta creates an active Group Push mapping that creates the group in the app under targetGroupName (201), which makes Okta push the group and its provisioned members.',
    fix: GROUP_PUSH_FIX,
    refs: ['OKTA-API', 'OKTA-SCIM'],
  }, 201, JSON.stringify({ sourceGroupId: '{{okta_group_id}}', targetGroupName: '{{okta_group_name}}', status: 'ACTIVE' }, null, 2), {
    extractions: [{ name: 'okta_push_mapping_id', source: 'response_json', property: 'id' }],
  }),
  scim('group-pushed-to-scim', '/Groups?filter=displayName eq "{{okta_group_name}}"', {
    title: 'Verify that the group is created in the SCIM app',
    requirement: 'Okta\'s POST /Groups {"displayName": name, "members": []} creates the group (RFC 7644 §3.3), and a displayName eq filter on /Groups finds exactly that one group (RFC 7644 §3.4.2.2).',
    fix: 'Accept POST /Groups and answer 201 with the group and its id; support filter=displayName eq "…" on /Groups, answering a ListResponse (Okta also uses it to find existing groups).',
    refs: ['OKTA-SCIM', 'RFC7644-3.3', 'RFC7644-3.4.2.2', 'RFC7643-4.2'],
  }, [
    status(200),
    { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' },
    json('Resources[0].displayName', '{{okta_group_name}}'),
  ], {
    extractions: [{ name: 'scim_group_id', source: 'response_json', property: 'Resources[0].id' }],
    scripts: [{ code: KEEP_OWNED_GROUP_ID, origin: 'okta-groups/group-pushed-to-scim: keep the id for cleanup only if it is our group' }],
  }),
  scim('group-has-user-1', '/Groups/{{scim_group_id}}', {
    title: 'Verify that the pushed group has user 1 as its member',
    requirement: 'Okta\'s PATCH {"op":"add","path":"members","value":[{"value": user 1\'s id, "display": userName}]} adds user 1 (RFC 7644 §3.5.2.1): GET /Groups/{id} lists user 1 as the only member.',
    fix: `Apply PATCH add on the members path, adding each value to the group (RFC 7644 §3.5.2.1). ${GROUP_GET_FIX}`,
    refs: ['OKTA-SCIM', 'RFC7644-3.5.2.1', 'RFC7644-3.4.1', 'RFC7643-4.2'],
  }, [status(200), hasMember(1), memberCount(1)]),
  okta('add-user-2-to-okta-group', 'PUT', '/api/v1/groups/{{okta_group_id}}/users/{{okta_user2_id}}', {
    title: 'Add user 2 to the Okta group',
    requirement: 'Okta adds user 2 to the pushed group (204), which makes Okta push the new member.',
    fix: 'Check the token\'s permissions (group membership administration).',
    refs: ['OKTA-API', 'OKTA-SCIM'],
  }, 204, ''),
  scim('group-has-both-users', '/Groups/{{scim_group_id}}', {
    title: 'Verify that the SCIM group has users 1 and 2',
    requirement: 'Okta\'s PATCH add of user 2 (after its path-less replace of {id, displayName}) adds user 2 and keeps user 1 (RFC 7644 §3.5.2.1: add to a multi-valued attribute adds values).',
    fix: `Make PATCH add on members append to the existing members instead of replacing them, and accept the path-less replace {"id", "displayName"} Okta sends first (RFC 7644 §3.5.2.1, §3.5.2.3). ${GROUP_GET_FIX}`,
    refs: ['OKTA-SCIM', 'RFC7644-3.5.2.1', 'RFC7644-3.5.2.3', 'RFC7643-4.2'],
  }, [status(200), hasMember(1), hasMember(2), memberCount(2)]),
  okta('remove-user-1-from-okta-group', 'DELETE', '/api/v1/groups/{{okta_group_id}}/users/{{okta_user1_id}}', {
    title: 'Remove user 1 from the Okta group',
    requirement: 'Okta removes user 1 from the pushed group (204), which makes Okta push the removal.',
    fix: 'Check the token\'s permissions (group membership administration).',
    refs: ['OKTA-API', 'OKTA-SCIM'],
  }, 204, ''),
  scim('group-has-only-user-2', '/Groups/{{scim_group_id}}', {
    title: 'Verify that user 1 is removed from the SCIM group and user 2 stays',
    requirement: 'Okta\'s PATCH {"op":"remove","path":"members[value eq \\"<user 1 id>\\"]"} removes exactly user 1 (RFC 7644 §3.5.2.2: a value filter selects the values to remove).',
    fix: `Support remove with a value-filtered path members[value eq "…"], removing only the matching member (RFC 7644 §3.5.2.2, filters per §3.4.2.2). ${GROUP_GET_FIX}`,
    refs: ['OKTA-SCIM', 'RFC7644-3.5.2.2', 'RFC7644-3.4.2.2', 'RFC7643-4.2'],
  }, [status(200), hasMember(2), lacksMember(1), memberCount(1)]),
  okta('rename-okta-group', 'PUT', '/api/v1/groups/{{okta_group_id}}', {
    title: 'Rename the Okta group',
    requirement: 'Okta replaces the group\'s profile with the new name (200), which makes Okta push the rename.',
    fix: 'Check the token\'s permissions (group administration).',
    refs: ['OKTA-API', 'OKTA-SCIM'],
  }, 200, groupBody('{{okta_group_name_update}}'), { assertions: [status(200), json('profile.name', '{{okta_group_name_update}}')] }),
  scim('group-renamed-in-scim', '/Groups/{{scim_group_id}}', {
    title: 'Verify that the SCIM group is renamed and keeps its id',
    requirement: 'Okta\'s path-less PATCH {"op":"replace","value":{"id": id, "displayName": new name}} replaces displayName (RFC 7644 §3.5.2.3); the group keeps its id.',
    fix: 'Apply a replace without path by replacing each attribute in its value (RFC 7644 §3.5.2.3), ignoring the readOnly id in it (RFC 7643 §3.1) rather than failing; keep the group\'s id.',
    refs: ['OKTA-SCIM', 'RFC7644-3.5.2.3', 'RFC7643-3.1', 'RFC7643-4.2'],
  }, [status(200), json('displayName', '{{okta_group_name_update}}'), json('id', '{{scim_group_id}}')]),
  okta('deactivate-push-mapping', 'PATCH', '/api/v1/apps/{{oktaAppId}}/group-push/mappings/{{okta_push_mapping_id}}', {
    title: 'Deactivate the group push mapping',
    requirement: 'Okta deactivates the mapping (200), as it must be INACTIVE before it can be deleted.',
    fix: GROUP_PUSH_FIX,
    refs: ['OKTA-API'],
  }, 200, JSON.stringify({ status: 'INACTIVE' }), { assertions: [status(200), json('status', 'INACTIVE')] }),
  okta('unlink-push-mapping-deleting-group', 'DELETE', '/api/v1/apps/{{oktaAppId}}/group-push/mappings/{{okta_push_mapping_id}}?deleteTargetGroup=true', {
    title: 'Unlink the pushed group, deleting the group in the app',
    requirement: 'Okta deletes the mapping with "Delete the group in the target app" (deleteTargetGroup=true, 204), which makes Okta send DELETE /Groups/{id}.',
    fix: GROUP_PUSH_FIX,
    refs: ['OKTA-API', 'OKTA-SCIM'],
  }, 204, ''),
  scim('group-deleted-in-scim', '/Groups/{{scim_group_id}}', {
    title: 'Verify that the SCIM group is deleted',
    requirement: 'Okta\'s DELETE /Groups/{id} deletes the group: a later GET /Groups/{id} answers 404 (RFC 7644 §3.6).',
    fix: 'Accept DELETE /Groups/{id} with 204 and answer 404 for the deleted group afterwards (RFC 7644 §3.6, §3.12).',
    refs: ['OKTA-SCIM', 'RFC7644-3.6', 'RFC7644-3.12'],
  }, [status(404)]),
];

const cleanupUser = (n: UserNo): CleanupAction[] => [
  {
    title: `Okta user ${v(n, 'email')} (${v(n, 'id')}): deactivated`,
    needs: [`okta_user${n}_id`],
    request: { method: 'POST', url: `{{oktaOrgUrl}}/api/v1/users/${v(n, 'id')}/lifecycle/deactivate`, headers: OKTA_HEADERS, body: '' },
  },
  {
    title: `Okta user ${v(n, 'email')} (${v(n, 'id')}): deleted`,
    needs: [`okta_user${n}_id`],
    request: { method: 'DELETE', url: `{{oktaOrgUrl}}/api/v1/users/${v(n, 'id')}`, headers: OKTA_HEADERS },
  },
];

const MAPPING_URL = '{{oktaOrgUrl}}/api/v1/apps/{{oktaAppId}}/group-push/mappings/{{okta_push_mapping_id}}';

export const oktaGroupsSuite: Suite = {
  id: 'okta-groups',
  name: 'Okta Group Push',
  description: 'Okta Group Push (optional for OIN), driven through an Okta org (real or emulated): push a group, add and remove members, rename it, unlink it deleting the group — each verified on the SCIM server.',
  source: { format: 'native' },
  inputs: OKTA_ORG_INPUTS,
  initial: { kind: 'generate', generate: oktaGroupsRandomData },
  secretVariables: ['okta_user_password'],
  steps,
  // In order: unlink first (an already unlinked mapping answers 404, which cleanup accepts),
  // so that deleting the Okta group and the users pushes nothing more to the group.
  cleanup: [
    {
      title: 'Okta group push mapping {{okta_push_mapping_id}}: deactivated',
      needs: ['okta_push_mapping_id'],
      request: { method: 'PATCH', url: MAPPING_URL, headers: OKTA_HEADERS, body: JSON.stringify({ status: 'INACTIVE' }) },
    },
    {
      title: 'Okta group push mapping {{okta_push_mapping_id}}: unlinked, deleting the group in the app',
      needs: ['okta_push_mapping_id'],
      request: { method: 'DELETE', url: `${MAPPING_URL}?deleteTargetGroup=true`, headers: OKTA_HEADERS },
    },
    {
      title: 'SCIM group {{scim_group_owned_id}} (pushed as {{okta_group_name}}): deleted, if Okta\'s unlink did not',
      needs: ['scim_group_owned_id'],
      request: { method: 'DELETE', url: '{{SCIMUrl}}/Groups/{{scim_group_owned_id}}', headers: OKTA_SCIM_HEADERS },
    },
    {
      title: 'Okta group {{okta_group_name}} ({{okta_group_id}}): deleted',
      needs: ['okta_group_id'],
      request: { method: 'DELETE', url: '{{oktaOrgUrl}}/api/v1/groups/{{okta_group_id}}', headers: OKTA_HEADERS },
    },
    ...cleanupUser(1),
    ...cleanupUser(2),
    {
      title: 'SCIM user {{okta_user1_email}} ({{scim_user1_id}}): left deactivated, as Okta leaves it',
      needs: ['scim_user1_id'],
    },
    {
      title: 'SCIM user {{okta_user2_email}} ({{scim_user2_id}}): left deactivated, as Okta leaves it',
      needs: ['scim_user2_id'],
    },
  ],
};

const TAG_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Two users in the style of Okta's CRUD test (okta-random-data.ts) and a group whose name
 * carries our recognisable prefix and a random tag.
 */
export function oktaGroupsRandomData(random: () => number): Record<string, string> {
  const out: Record<string, string> = { okta_user_password: 'Kv7J2LEa' };
  for (const n of [1, 2] as const) {
    const first = oktaFirstName(random);
    const last = oktaLastName(random);
    out[`okta_user${n}_firstname`] = first;
    out[`okta_user${n}_lastname`] = last;
    out[`okta_user${n}_email`] = `${first}${last}@atko.com`;
  }
  let tag = '';
  for (let i = 0; i < 8; i += 1) tag += TAG_CHARS.charAt(Math.floor(random() * TAG_CHARS.length));
  out['okta_group_name'] = `scim-conformance-group-${tag}`;
  out['okta_group_name_update'] = `scim-conformance-group-${tag}-renamed`;
  return out;
}
