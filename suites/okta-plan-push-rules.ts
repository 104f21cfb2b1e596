/**
 * `okta-plan/push-rules`: Push Groups by rule ("Find groups by rule": every Okta group whose name
 * starts with a prefix is pushed, also one created later; C9323), deactivating the rule (new
 * matching groups are no longer pushed, pushed ones stay; C9324), deleting it with "Delete the
 * associated groups" (C9325) or leaving them (C9326).
 *
 * Okta's Management API has no call for Group Push rules, so the rule steps run on the emulator
 * only and, with the checks that need them, are `n/a` on a real org. Cleanup deletes the rules
 * (emulator), the groups left in the app, the Okta groups and the user; the SCIM user is left
 * deactivated, as Okta leaves it.
 */
import type { Assertion, RequestStep, Suite } from '../src/model/suite.js';
import { oktaFirstName, oktaLastName } from './okta-random-data.js';
import { OKTA_HEADERS } from './okta-step-kit.js';
import {
  appInstanceStep, assignBody, membersAre, oktaGroupCleanup, oktaUserBody, oktaUserCleanup, planStepBuilder, PLAN_INPUTS, randomTag,
  scimCleanup, type PlanStepSpec,
  groupPushScript,
} from './okta-plan-kit.js';
import { listedFlagScript, variableGate } from './scim-step-kit.js';

const SUITE = 'okta-plan/push-rules';
const build = planStepBuilder(SUITE);
const NO_RULE_API = 'Okta\'s Management API has no call for Group Push rules (Push Groups → Find groups by rule is an Admin Console action) — run the rule cases by hand';
const GATES = [
  variableGate('okta_group_push', 'the app does not have Push Groups (GROUP_PUSH) enabled'),
  variableGate('scim_groups', 'the SCIM server lists no Group resource type (/ResourceTypes)'),
];
const step = (spec: PlanStepSpec): RequestStep => build({ ...spec, gates: [...GATES, ...(spec.gates ?? [])] });
/** A step that needs a rule: emulator only. */
const ruleStep = (spec: PlanStepSpec): RequestStep => step({ ...spec, emulatorOnly: NO_RULE_API });

const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
const RULES = '/emulator/v1/apps/{{oktaAppId}}/group-push/rules';
const GROUP_FIX = 'Accept Okta\'s POST /Groups and the members PATCH (RFC 7644 §3.3, §3.5.2.1); support filter=displayName eq "…" on /Groups (§3.4.2.2).';

type G = 'r1' | 'r2' | 'r3' | 's1';

const createGroup = (g: G, cases: readonly string[], note: string): RequestStep => step({
  id: `create-okta-group-${g}`, title: `Add Okta group ${g.toUpperCase()}${note}`,
  requirement: `Okta creates the group (C9297)${note}.`, fix: 'Check the token\'s permissions (group administration).',
  cases: ['C9297', ...cases], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/groups',
  body: { profile: { name: `{{rule_g${g}_name}}`, description: 'Created by scim-conformance (okta-plan/push-rules); safe to delete.' } },
  assertions: [status(200)], extractions: [{ name: `okta_g${g}_id`, source: 'response_json', property: 'id' }],
});

const addMember = (g: G): RequestStep => step({
  id: `add-user-to-group-${g}`, title: `Add the person to Okta group ${g.toUpperCase()}`,
  requirement: 'Okta adds the person (204) (C9308).', fix: 'Check the token\'s permissions (group membership administration).',
  cases: ['C9308'], refs: ['OKTA-API'], target: 'okta', method: 'PUT', path: `/api/v1/groups/{{okta_g${g}_id}}/users/{{okta_ru_id}}`, body: '', assertions: [status(204)],
});

const pushedByRule = (g: G, cases: readonly string[], title: string, requirement: string): RequestStep => ruleStep({
  id: `group-${g}-pushed-by-rule`, title, requirement, fix: GROUP_FIX,
  cases, refs: ['OKTA-SCIM', 'RFC7644-3.3', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: `/Groups?filter=displayName eq "{{rule_g${g}_name}}"`,
  assertions: [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }],
  extractions: [{ name: `scim_g${g}_id`, source: 'response_json', property: 'Resources[0].id' }],
  readBack: true,
});

const steps: RequestStep[] = [
  appInstanceStep(build, ['PUSH_NEW_USERS'], {
    scripts: [groupPushScript(SUITE)],
  }),
  build({
    id: 'app-lists-groups', title: 'Read the app\'s resource types: does it manage groups?',
    requirement: 'The SCIM server answers /ResourceTypes with a ListResponse (RFC 7644 §4, §3.4.2); the rule cases apply when it lists a Group resource type.',
    fix: 'Serve GET /ResourceTypes with a ListResponse (schemas: the ListResponse URN) of the resource types (RFC 7644 §4, §3.4.2).',
    cases: ['C9298'], refs: ['RFC7644-4', 'RFC7644-3.4.2'], target: 'scim', method: 'GET', path: '/ResourceTypes',
    assertions: [status(200), { source: 'response_json', property: 'schemas', comparison: 'has_value', value: 'urn:ietf:params:scim:api:messages:2.0:ListResponse' }],
    scripts: [listedFlagScript('scim_groups', 'endpoint', ['/Groups'], `${SUITE}/app-lists-groups: Groups offered?`)],
  }),
  build({
    id: 'create-okta-user', title: 'Add a person in Okta',
    requirement: 'Okta creates and activates the person (C9296).', fix: 'Check the token\'s permissions and the org\'s password policy (--var okta_user_password=…).',
    cases: ['C9296'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/users?activate=true',
    body: oktaUserBody('{{ru_firstname}}', '{{ru_lastname}}', '{{ru_email}}'),
    assertions: [status(200)], extractions: [{ name: 'okta_ru_id', source: 'response_json', property: 'id' }],
  }),
  build({
    id: 'assign-user', title: 'Assign the person to the app',
    requirement: 'Okta assigns the person (200), which provisions it: pushed groups carry only provisioned members (C9290).',
    fix: 'In Okta: enable Create Users (Provisioning → To App).',
    cases: ['C9290'], refs: ['OKTA-API'], target: 'okta', method: 'POST', path: '/api/v1/apps/{{oktaAppId}}/users',
    body: assignBody('{{okta_ru_id}}', '{{ru_firstname}}', '{{ru_lastname}}', '{{ru_email}}'), assertions: [status(200)],
  }),
  build({
    id: 'user-provisioned', title: 'Verify that the person is provisioned in the app',
    requirement: 'The SCIM server holds the person; its id is the member value of the pushed groups (C9290).',
    fix: 'Accept Okta\'s POST /Users and answer the userName eq filter (RFC 7644 §3.3, §3.4.2.2).',
    cases: ['C9290'], refs: ['OKTA-SCIM', 'RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: '/Users?filter=userName eq "{{ru_email}}"',
    assertions: [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' }],
    extractions: [{ name: 'scim_ru_id', source: 'response_json', property: 'Resources[0].id' }], readBack: true,
  }),
  createGroup('r1', ['C9323'], ' (it matches the rule to come)'),
  addMember('r1'),
  ruleStep({
    id: 'create-push-rule', title: 'Push Groups → Find groups by rule: group name starts with the run\'s prefix',
    requirement: 'Okta creates the rule (201) and pushes every group it finds (C9323).', fix: 'Check the emulator\'s request.',
    cases: ['C9323'], target: 'okta', method: 'POST', path: RULES, body: { name: '{{rule_name}}', groupNameStartsWith: '{{rule_prefix}}' },
    assertions: [status(201)], extractions: [{ name: 'okta_rule_id', source: 'response_json', property: 'id' }],
  }),
  pushedByRule('r1', ['C9323'], 'Verify that the rule pushed the matching group', 'The group the rule found is created in the app under its Okta name (C9323: "the found groups are … pushed to a downstream application").'),
  ruleStep({
    id: 'group-r1-has-member', title: 'Verify that the group the rule pushed has its member',
    requirement: 'The provisioned member is pushed with the group (C9323: "All users from the group are assigned in the app to this group").',
    fix: 'Apply Okta\'s PATCH add on members (RFC 7644 §3.5.2.1); return members on GET /Groups/{id} (RFC 7643 §4.2).',
    cases: ['C9323'], refs: ['OKTA-SCIM', 'RFC7644-3.5.2.1', 'RFC7643-4.2'], target: 'scim', method: 'GET', path: '/Groups/{{scim_gr1_id}}',
    assertions: [status(200)], checks: [membersAre(['scim_ru_id'], [], 1)], readBack: true,
  }),
  createGroup('r2', ['C9323'], ' while the rule is active'),
  pushedByRule('r2', ['C9323'], 'Verify that a matching group created later is pushed too', 'An active rule keeps pushing new matching groups (C9323, C9324: the rule syncs new groups "automatically").'),
  ruleStep({
    id: 'deactivate-push-rule', title: 'Deactivate the rule',
    requirement: 'Okta deactivates the rule (200) (C9324).', fix: 'Check the emulator\'s request.',
    cases: ['C9324'], target: 'okta', method: 'PATCH', path: `${RULES}/{{okta_rule_id}}`, body: { status: 'INACTIVE' }, assertions: [status(200)],
  }),
  createGroup('r3', ['C9324'], ' while the rule is inactive'),
  ruleStep({
    id: 'group-r3-not-pushed', title: 'Verify that the inactive rule pushed nothing new',
    requirement: 'A deactivated rule stops syncing new groups: no app group has the new group\'s name (C9324).',
    fix: 'Nothing to change on the SCIM server unless it answered the displayName filter wrongly (RFC 7644 §3.4.2.2).',
    cases: ['C9324'], refs: ['RFC7644-3.4.2.2'], target: 'scim', method: 'GET', path: '/Groups?filter=displayName eq "{{rule_gr3_name}}"',
    assertions: [status(200), { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '0' }], readBack: true,
  }),
  ruleStep({
    id: 'group-r1-kept-while-inactive', title: 'Verify that the groups the rule pushed are unaffected',
    requirement: '"Groups previously matched by this rule are unaffected" (C9324): the first group still exists with its member.',
    fix: 'Nothing to change on the SCIM server unless it deleted or changed the group by itself.',
    cases: ['C9324'], refs: ['RFC7644-3.4.1'], target: 'scim', method: 'GET', path: '/Groups/{{scim_gr1_id}}',
    assertions: [status(200)], checks: [membersAre(['scim_ru_id'], [], 1)],
  }),
  ruleStep({
    id: 'delete-push-rule-leaving-groups', title: 'Delete the rule: Leave associated groups',
    requirement: 'Okta deletes the rule and unlinks its groups (204), sending nothing to the app (C9326).', fix: 'Check the emulator\'s request.',
    cases: ['C9326'], target: 'okta', method: 'DELETE', path: `${RULES}/{{okta_rule_id}}?deleteTargetGroups=false`, assertions: [status(204)],
  }),
  ruleStep({
    id: 'groups-left-in-app', title: 'Verify that the rule\'s groups are left in the app',
    requirement: 'The pushed groups stay in the app after the rule is deleted with "Leave associated groups" (C9326).',
    fix: 'Nothing to change on the SCIM server unless it deleted the group by itself.',
    cases: ['C9326'], refs: ['RFC7644-3.4.1'], target: 'scim', method: 'GET', path: '/Groups/{{scim_gr2_id}}', assertions: [status(200)],
  }),
  createGroup('s1', ['C9325'], ' for a second rule'),
  ruleStep({
    id: 'create-second-push-rule', title: 'Push Groups → Find groups by rule: a second rule for the second prefix',
    requirement: 'Okta creates the rule (201) and pushes the group it finds (C9325).', fix: 'Check the emulator\'s request.',
    cases: ['C9325'], target: 'okta', method: 'POST', path: RULES, body: { name: '{{rule_name}}-2', groupNameStartsWith: '{{rule_prefix2}}' },
    assertions: [status(201)], extractions: [{ name: 'okta_rule2_id', source: 'response_json', property: 'id' }],
  }),
  pushedByRule('s1', ['C9325'], 'Verify that the second rule pushed its group', 'The second rule\'s group is created in the app (C9325 precondition: "the group is pushed").'),
  ruleStep({
    id: 'delete-push-rule-deleting-groups', title: 'Delete the second rule: Delete the associated groups',
    requirement: 'Okta deletes the rule (204) and the groups it pushed: DELETE /Groups/{id} (C9325).', fix: 'Check the emulator\'s request.',
    cases: ['C9325'], target: 'okta', method: 'DELETE', path: `${RULES}/{{okta_rule2_id}}?deleteTargetGroups=true`, assertions: [status(204)],
  }),
  ruleStep({
    id: 'rule-group-deleted-in-app', title: 'Verify that the second rule\'s group is deleted in the app',
    requirement: 'Okta\'s DELETE /Groups/{id} deletes the group: GET answers 404 (C9325; RFC 7644 §3.6).',
    fix: 'Accept DELETE /Groups/{id} with 204 and answer 404 for the deleted group afterwards (RFC 7644 §3.6).',
    cases: ['C9325'], refs: ['OKTA-SCIM', 'RFC7644-3.6'], target: 'scim', method: 'GET', path: '/Groups/{{scim_gs1_id}}', assertions: [status(404)], readBack: true,
  }),
];

const ruleCleanup = (idVar: string): Suite['cleanup'][number] => ({
  title: `Group Push rule {{${idVar}}}: deleted with its groups (emulator)`,
  needs: ['okta_org_emulated', idVar],
  request: { method: 'DELETE', url: `{{oktaOrgUrl}}${RULES}/{{${idVar}}}?deleteTargetGroups=true`, headers: OKTA_HEADERS },
});

export const oktaPlanPushRulesSuite: Suite = {
  id: SUITE,
  name: 'Okta test plan: Group Push rules',
  description: 'Push Groups by rule, deactivating the rule, and deleting it with or without its groups (emulated org only: the API has no push rules).',
  source: { format: 'native' },
  inputs: PLAN_INPUTS,
  initial: { kind: 'generate', generate: oktaPlanPushRulesData },
  secretVariables: ['okta_user_password'],
  steps,
  cleanup: [
    ruleCleanup('okta_rule_id'),
    ruleCleanup('okta_rule2_id'),
    scimCleanup('/Groups/{{scim_gr1_id}}', ['scim_gr1_id'], 'SCIM group {{rule_gr1_name}} ({{scim_gr1_id}}), left in the app by the run: deleted'),
    scimCleanup('/Groups/{{scim_gr2_id}}', ['scim_gr2_id'], 'SCIM group {{rule_gr2_name}} ({{scim_gr2_id}}), left in the app by the run: deleted'),
    oktaGroupCleanup('okta_gr1_id', '{{rule_gr1_name}}'),
    oktaGroupCleanup('okta_gr2_id', '{{rule_gr2_name}}'),
    oktaGroupCleanup('okta_gr3_id', '{{rule_gr3_name}}'),
    oktaGroupCleanup('okta_gs1_id', '{{rule_gs1_name}}'),
    ...oktaUserCleanup('okta_ru_id', '{{ru_email}}'),
    { title: 'SCIM user {{ru_email}} ({{scim_ru_id}}): left deactivated, as Okta leaves it', needs: ['scim_ru_id'] },
  ],
};

/** A person, two rule prefixes with our recognisable prefix and a random tag, four group names. */
export function oktaPlanPushRulesData(random: () => number): Record<string, string> {
  const first = oktaFirstName(random);
  const last = oktaLastName(random);
  const tag = randomTag(random);
  const prefix = `scim-conformance-rule-${tag}-r-`;
  const prefix2 = `scim-conformance-rule-${tag}-s-`;
  return {
    okta_user_password: 'Kv7J2LEa',
    ru_firstname: first,
    ru_lastname: last,
    ru_email: `${first}${last}@atko.com`,
    rule_name: `scim-conformance-rule-${tag}`,
    rule_prefix: prefix,
    rule_prefix2: prefix2,
    rule_gr1_name: `${prefix}1`,
    rule_gr2_name: `${prefix}2`,
    rule_gr3_name: `${prefix}3`,
    rule_gs1_name: `${prefix2}1`,
  };
}
