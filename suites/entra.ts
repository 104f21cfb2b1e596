/**
 * `entra`: the requests the Microsoft Entra provisioning service sends, replayed against the
 * SCIM server, with the responses Entra needs (research/peers.md §2.2, §3).
 *
 * Sources: Microsoft's "Develop and plan provisioning for a SCIM endpoint" (ENTRA-SCIM:
 * requirements, general guidelines and example requests), "Known issues … SCIM 2.0 protocol
 * compliance" (ENTRA-COMPAT: the default job's dialect and the `aadOptscim062020` flag), and
 * the required tests of the Entra SCIM Validator (ENTRA-VALIDATOR, as reported by implementers).
 *
 * Two dialects are replayed. The default "scim" job writes ops capitalised ("Add", "Replace",
 * "Remove"), disables with the string "False", sends the manager as a bare id and removes group
 * members with a value array. With `?aadOptscim062020` Entra sends lower-case ops, boolean
 * values, one path-less replace whose value has dotted and URN keys, and `members[value eq …]`
 * removals (that RFC form is checked by rfc7644/group-patch-remove-member). Levels: `required`
 * where Microsoft's documentation says "must"/requires it or its validator has a required test
 * for it; `recommended` for tolerance of one dialect that an RFC-strict server may reasonably
 * refuse (the check says what breaks in Entra). Entra needs PATCH and `eq` filters, so no step
 * declares `requires`: a server without them fails here.
 *
 * Groups are optional for Entra ("Groups are optional, but only supported if the SCIM
 * implementation supports PATCH"): the group steps check nothing when /Schemas lists no Group
 * schema. Test data is namespaced (`scim-conformance-…`) and deleted by the cleanup actions.
 */
import { renderTemplate } from '../src/engine/template.js';
import type { Check, RequestStep, Suite } from '../src/model/suite.js';
import { schemaIdsShown, schemaProblems, SHOWN, userSchemaListed, withRest } from './rfc7644.js';
import type { Probe, StepSpec } from './scim-step-kit.js';
import {
  absentAt, deleteAction, ENTERPRISE_URN, equalAt, GROUP_URN, header, holdsValue, json, LIST_RESPONSE_URN,
  listedFlagScript, patchOps, randomLetters, scimError, status, statusIn, stepBuilder, USER_URN, valueAt, variableGate,
  whenBody,
} from './scim-step-kit.js';

const ENTRA_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
/** JSON path of an enterprise extension attribute. */
const ext = (name: string): string => `["${ENTERPRISE_URN}"].${name}`;

const step = stepBuilder('entra');
const GROUPS = variableGate('groupsAdvertised', '/Schemas lists no Group schema: group provisioning is not offered (ENTRA-SCIM: groups are optional)');
/** Entra accepts 200 with a body or 204 for PATCH (and advises 204 for groups, ENTRA-SCIM). */
const PATCH_STATUS = statusIn([200, 204]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The work email's value equals the rendered template (Entra writes `emails[type eq "work"].value`). */
const workEmailIs = (template: string): Probe => (ctx) => {
  const emails = isObject(ctx.json) && Array.isArray(ctx.json['emails']) ? ctx.json['emails'] : [];
  const work = emails.find((e) => isObject(e) && String(e['type']).toLowerCase() === 'work');
  const want = renderTemplate(template, (name) => ctx.vars(name)).text;
  return [{
    title: `the work email is ${template}`, ok: isObject(work) && work['value'] === want,
    expected: want, actual: work ?? { missing: 'no email with type "work"' },
  }];
};

/**
 * JSON paths holding null anywhere in the body (ENTRA-SCIM /Schemas: "If a value isn't present,
 * don't send null values"): the first {@link SHOWN}, and how many in all. Paths are built only
 * for what is shown, so a 10^6-element body costs one walk (issue 14).
 */
function nullPaths(body: unknown): { readonly shown: string[]; readonly count: number } {
  const shown: string[] = [];
  let count = 0;
  const at: (string | number)[] = [];
  const path = (): string => at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  const walk = (value: unknown): void => {
    if (value === null) {
      count += 1;
      if (shown.length < SHOWN) shown.push(path() || '(body)');
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        at.push(i);
        walk(value[i]);
        at.pop();
      }
    } else if (isObject(value)) {
      for (const k of Object.keys(value)) {
        at.push(k);
        walk(value[k]);
        at.pop();
      }
    }
  };
  walk(body);
  return { shown, count };
}

/** Entra's /Schemas rules: the core User schema is listed (required), no nulls and camelCase characteristic values (recommended). */
const entraSchemasShape: Probe = (ctx): readonly Check[] => {
  const body = isObject(ctx.json) ? ctx.json : {};
  const resources = Array.isArray(body['Resources']) ? body['Resources'] : [];
  const nulls = nullPaths(ctx.json);
  const problems = schemaProblems(resources);
  return [
    { title: `the core User schema ${USER_URN} is listed`, ok: userSchemaListed(resources), expected: USER_URN, actual: schemaIdsShown(resources) },
    { title: 'no null values', ok: nulls.count === 0, expected: 'absent instead of null', actual: withRest(nulls), level: 'recommended' },
    { title: 'attribute characteristics use the RFC 7643 camelCase values (readWrite, not ReadWrite)', ok: problems.count === 0, expected: 'no problems', actual: withRest(problems), level: 'recommended' },
  ];
};

const specs: readonly StepSpec[] = [
  // --- Discovery and connection test ------------------------------------------------------------
  {
    id: 'schemas-discovery',
    title: 'GET /Schemas (read when the provisioning configuration is saved)',
    requirement: 'ENTRA-SCIM: "Support the /Schemas endpoint"; /Schemas "Must return a list response"; "If a value isn\'t present, don\'t send null values"; "Property values should be camel cased (for example, readWrite)".',
    fix: 'Serve GET /Schemas as a ListResponse of RFC 7643 §7 schema resources (User first), omit absent characteristics instead of sending null, and write mutability/returned/uniqueness values in camelCase.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7644-4', 'RFC7643-7'],
    method: 'GET',
    path: '/Schemas',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN)],
    checks: [entraSchemasShape],
    scripts: [listedFlagScript('groupsAdvertised', 'id', [GROUP_URN], 'entra/schemas-discovery: is the Group schema listed?')],
  },
  {
    id: 'responses-use-scim-media-type',
    title: 'Responses carry Content-Type application/scim+json',
    requirement: 'ENTRA-SCIM: "The header for all the responses should be of content-Type: application/scim+json". The Entra SCIM Validator aborts the whole run on application/json (research/peers.md §2.2).',
    fix: 'Set "Content-Type: application/scim+json; charset=utf-8" on every SCIM response (override your framework\'s application/json default globally).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.1'],
    method: 'GET',
    path: '/Users?startIndex=1&count=1',
    assertions: [status(200), header('Content-Type', 'contains', 'application/scim+json')],
  },
  {
    id: 'create-manager-user',
    title: 'Create a user who will be the manager (and makes the user list non-empty before the connection test)',
    requirement: 'ENTRA-SCIM "Create User": POST /Users answers 201 Created.',
    fix: 'See entra/create-user.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER_URN], externalId: '{{managerExternalId}}', userName: '{{managerUserName}}', active: true,
      emails: [{ primary: true, type: 'work', value: '{{managerUserName}}' }],
      name: { familyName: '{{familyName}}', givenName: 'Manager' },
    },
    assertions: [status(201), json('id', 'not_empty')],
    extractions: [{ name: 'managerId', source: 'response_json', property: 'id' }],
  },
  {
    id: 'connection-test-user-filter',
    title: 'Test Connection: a filter for a random userName answers 200 with an empty ListResponse',
    requirement: 'ENTRA-SCIM: Entra "makes requests to fetch a random user and group to ensure that the endpoint and the credentials are valid" ("Test Connection"); "Get User by query - Zero results" answers 200 with a ListResponse, totalResults 0. "Response to a query/filter request should always be a ListResponse."',
    fix: 'Answer a userName filter that matches nothing with 200 {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]} — never 404.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-LOGIC-APP', 'RFC7644-3.4.2'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{probeName}}"',
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN), json('totalResults', 'equal_number', '0')],
  },
  {
    id: 'connection-test-group-filter',
    title: 'Test Connection: a filter for a random group answers 200 with an empty ListResponse',
    requirement: 'ENTRA-SCIM: Entra fetches a random group (GET /Groups?excludedAttributes=members&filter=displayName eq "…") to test the connection; no match is 200 with totalResults 0.',
    fix: 'Answer displayName filters on /Groups that match nothing with 200 and an empty ListResponse, honouring excludedAttributes=members.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7644-3.4.2'],
    method: 'GET',
    path: '/Groups?excludedAttributes=members&filter=displayName eq "{{probeName}}"',
    gates: [GROUPS],
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN), json('totalResults', 'equal_number', '0')],
  },

  // --- Users ------------------------------------------------------------------------------------
  {
    id: 'create-user',
    title: 'Create User: POST /Users as Entra sends it (enterprise extension, meta, roles: [])',
    requirement: 'ENTRA-SCIM "Create User": Entra POSTs core and enterprise schemas, externalId, userName, active, a work email, meta.resourceType, name.formatted and an empty roles array, and expects 201 Created with the user (id assigned). Required test "Create User" of the Entra SCIM Validator.',
    fix: 'Accept this body (ignore the readOnly meta, accept an empty roles array and the enterprise extension) and answer 201 with the stored user and its id.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER_URN, ENTERPRISE_URN],
      externalId: '{{externalId}}',
      userName: '{{userName}}',
      active: true,
      emails: [{ primary: true, type: 'work', value: '{{workEmail}}' }],
      meta: { resourceType: 'User' },
      name: { formatted: '{{givenName}} {{familyName}}', familyName: '{{familyName}}', givenName: '{{givenName}}' },
      roles: [],
      [ENTERPRISE_URN]: { employeeNumber: '{{employeeNumber}}' },
    },
    assertions: [status(201), json('id', 'not_empty'), json('userName', 'equal', '{{userName}}'), json('externalId', 'equal', '{{externalId}}'), json('active', 'equal', 'true')],
    extractions: [{ name: 'entraUserId', source: 'response_json', property: 'id' }],
  },
  {
    id: 'get-user-by-id',
    title: 'Get User: GET /Users/{id}',
    requirement: 'ENTRA-SCIM: "Retrieve a known resource for a user or group created earlier" (RFC 7644 §3.4.1); "id is a required property for all resources". Values are returned as they were sent ("Values sent should be stored in the same format they were sent").',
    fix: 'Serve GET /Users/{id} with id and the stored values unchanged (no reformatting).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.4.1'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [
      status(200), json('id', 'equal', '{{entraUserId}}'), json('userName', 'equal', '{{userName}}'),
      json('name.givenName', 'equal', '{{givenName}}'), json(ext('employeeNumber'), 'equal', '{{employeeNumber}}'),
    ],
    checks: [workEmailIs('{{workEmail}}')],
  },
  {
    id: 'filter-existing-user',
    title: 'Filter for an existing user by userName',
    requirement: 'ENTRA-SCIM: "users are … queried with their username and externalId" (GET /Users?filter=userName eq "…"); the answer is a ListResponse with the user. Required validator test "Filter for existing user".',
    fix: 'Support `userName eq "…"` filters and return a ListResponse with the matching user.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{userName}}"',
    readBack: true,
    assertions: [status(200), json('schemas', 'has_value', LIST_RESPONSE_URN), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraUserId}}')],
  },
  // Not read-backs: filter-existing-user just proved the user visible to filters, so a miss in
  // the next three is the server's answer, not replication lag.
  {
    id: 'filter-user-different-case',
    title: 'Filter for the user with userName in a different case',
    requirement: 'Required Entra SCIM Validator test "Filter for an existing user with a different case": userName has caseExact false (RFC 7643 §4.1.1), so `userName eq "<UPPER CASE>"` finds the user.',
    fix: 'Compare userName case-insensitively in filters, with the same case rule your uniqueness check uses.',
    level: 'required',
    refs: ['ENTRA-VALIDATOR', 'RFC7643-4.1.1', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{userNameCaps}}"',
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraUserId}}')],
  },
  {
    id: 'filter-user-by-external-id',
    title: 'Filter for the user by externalId',
    requirement: 'ENTRA-SCIM: "By default, users are retrieved with their id and queried with their username and externalId" (externalId carries the Entra mailNickname or objectId).',
    fix: 'Support `externalId eq "…"` filters (externalId has caseExact true, RFC 7643 §3.1).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7643-3.1', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Users?filter=externalId eq "{{externalId}}"',
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraUserId}}')],
  },
  {
    id: 'filter-user-by-work-email',
    title: 'Filter for the user by emails[type eq "work"].value',
    requirement: 'ENTRA-SCIM: "Any attributes that are considered for user uniqueness must be usable as part of a filtered query", e.g. `emails[type eq "work"].value eq "user@contoso.com"` when the work email is a matching attribute.',
    fix: 'If the work email is a matching attribute in your Entra mapping, accept `emails[type eq "work"].value eq "…"` filters (Entra\'s form, beyond the RFC 7644 filter grammar).',
    level: 'recommended',
    refs: ['ENTRA-SCIM', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Users?filter=emails[type eq "work"].value eq "{{workEmail}}"',
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraUserId}}')],
  },
  {
    id: 'patch-user-replace-attributes',
    title: 'Patch User – Replace Attributes: "Replace" of emails[type eq "work"].value and name.familyName',
    requirement: 'ENTRA-SCIM "Update User [Multi-valued properties]": one PATCH with {"op":"Replace","path":"emails[type eq \\"work\\"].value",…} and {"op":"Replace","path":"name.familyName",…}. "Don\'t require a case-sensitive match on … PATCH op operation values … Microsoft Entra ID emits the values of op as Add, Replace, and Remove." Required validator test "Patch User – Replace Attributes".',
    fix: 'Compare op case-insensitively (RFC 7644 names add/remove/replace; Entra capitalises them) and support value-filtered paths with a sub-attribute (emails[type eq "work"].value).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: '{{workEmail2}}' },
      { op: 'Replace', path: 'name.familyName', value: '{{familyName2}}' },
    ),
    checks: [PATCH_STATUS],
  },
  {
    id: 'patch-user-replace-attributes-read-back',
    title: 'GET shows the replaced work email and family name',
    requirement: 'ENTRA-SCIM: the replaced values are stored as sent; the validator reads the user back after "Patch User – Replace Attributes".',
    fix: 'Update the email whose type is "work" in place (not a new literal attribute) and persist name.familyName.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200), json('name.familyName', 'equal', '{{familyName2}}')],
    checks: [workEmailIs('{{workEmail2}}')],
  },
  {
    id: 'patch-user-add-attributes',
    title: 'Patch User – Add Attributes: "Add" of nickName and the enterprise department',
    requirement: 'ENTRA-COMPAT: the default job adds a single-value attribute with {"op":"Add","path":"nickName","value":"Babs"}; extension attributes use the URN path (urn:…:enterprise:2.0:User:department). Required validator test "Patch User – Add Attributes".',
    fix: 'Accept "Add" (any case) on single-valued attributes, including URN-qualified extension paths, and store the value inside the extension object.',
    level: 'required',
    refs: ['ENTRA-COMPAT', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.1'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps(
      { op: 'Add', path: 'nickName', value: '{{nickName}}' },
      { op: 'Add', path: `${ENTERPRISE_URN}:department`, value: '{{department}}' },
    ),
    checks: [PATCH_STATUS],
  },
  {
    id: 'patch-user-add-attributes-read-back',
    title: 'GET shows nickName and the enterprise department',
    requirement: 'RFC 7644 §3.5.2.1: the added values are stored; an extension attribute appears under its schema URN (RFC 7643 §3.3).',
    fix: 'Persist added attributes; put extension attributes in the "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" object, not as flat keys.',
    level: 'required',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.1', 'RFC7643-3.3'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200), json('nickName', 'equal', '{{nickName}}'), json(ext('department'), 'equal', '{{department}}')],
  },
  {
    id: 'patch-user-add-manager',
    title: 'Patch User – Add Manager: "Add" of the enterprise manager with the manager\'s id as a bare string',
    requirement: 'Entra sets the manager with {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"<manager id>"} — a bare id, where RFC 7643 §4.3 defines manager as a complex {value, $ref, displayName} (research/peers.md §3, §4 #39). Validator test "Patch User Add Manager".',
    fix: 'Accept a string manager value and store it as {"value": "<id>"} (and accept the RFC object form too); never answer 500.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'ENTRA-SCIM', 'RFC7643-4.3'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({ op: 'Add', path: `${ENTERPRISE_URN}:manager`, value: '{{managerId}}' }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'patch-user-add-manager-read-back',
    title: 'GET shows manager.value = the manager\'s id',
    requirement: 'RFC 7643 §4.3: manager.value is the id of the manager\'s User resource.',
    fix: 'Return the manager as {"value": "<id>"} inside the enterprise extension object.',
    level: 'recommended',
    refs: ['RFC7643-4.3', 'ENTRA-VALIDATOR'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200), json(ext('manager.value'), 'equal', '{{managerId}}')],
  },
  {
    id: 'patch-user-remove-manager',
    title: 'Patch User – Remove Manager: "Remove" of the enterprise manager',
    requirement: 'RFC 7644 §3.5.2.2: remove of a single-valued attribute unassigns it; Entra sends {"op":"Remove","path":"urn:…:enterprise:2.0:User:manager"}. Validator test "Patch User Remove Manager".',
    fix: 'Resolve URN-qualified remove paths into the extension object and delete the attribute there.',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.2'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({ op: 'Remove', path: `${ENTERPRISE_URN}:manager` }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'patch-user-remove-manager-read-back',
    title: 'GET shows no manager',
    requirement: 'RFC 7644 §3.5.2.2: the removed attribute "SHALL be considered unassigned".',
    fix: 'Persist the removal of extension attributes.',
    level: 'recommended',
    refs: ['RFC7644-3.5.2.2', 'ENTRA-VALIDATOR'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [absentAt(ext('manager'))],
  },
  {
    id: 'patch-user-pathless-replace',
    title: 'aadOptscim062020: one path-less "replace" with dotted and URN keys',
    requirement: 'ENTRA-COMPAT: with the aadOptscim062020 flag (announced to become the default), Entra replaces several attributes in one operation {"op":"replace","value":{"displayName":…,"name.givenName":…,"urn:…:enterprise:2.0:User:employeeNumber":…}}. RFC 7644 §3.5.2.3: without "path" the value\'s attributes are replaced.',
    fix: 'Treat each key of a path-less value as a PATCH path: plain names, dotted sub-attribute paths (name.givenName) and URN-qualified extension paths.',
    level: 'recommended',
    refs: ['ENTRA-COMPAT', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({
      op: 'replace',
      value: { displayName: '{{displayName2}}', 'name.givenName': '{{givenName2}}', [`${ENTERPRISE_URN}:employeeNumber`]: '{{employeeNumber2}}' },
    }),
    checks: [PATCH_STATUS],
  },
  {
    id: 'patch-user-pathless-replace-read-back',
    title: 'GET shows displayName, name.givenName and employeeNumber replaced',
    requirement: 'RFC 7644 §3.5.2.3: each attribute of the path-less value is the new value — name.givenName inside name, employeeNumber inside the enterprise extension (not literal "name.givenName" keys).',
    fix: 'Store dotted and URN keys at the attribute they name.',
    level: 'recommended',
    refs: ['ENTRA-COMPAT', 'RFC7644-3.5.2.3'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [
      status(200), json('displayName', 'equal', '{{displayName2}}'), json('name.givenName', 'equal', '{{givenName2}}'),
      json(ext('employeeNumber'), 'equal', '{{employeeNumber2}}'),
    ],
  },
  {
    id: 'patch-user-replace-username',
    title: 'Update User [Single-valued properties]: "Replace" of userName',
    requirement: 'ENTRA-SCIM "Update User [Single-valued properties]": {"op":"Replace","path":"userName","value":"…"} answers 200 with the user (or 204). Validator test "Update userName".',
    fix: 'Allow userName to change by PATCH (it is readWrite, RFC 7643 §4.1.1), re-checking uniqueness against other users only.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({ op: 'Replace', path: 'userName', value: '{{userName2}}' }),
    checks: [PATCH_STATUS, whenBody(equalAt('userName', '{{userName2}}'))],
  },
  {
    id: 'filter-user-by-new-username',
    title: 'Filter by the new userName finds the user',
    requirement: 'ENTRA-SCIM: Entra looks the user up by its (new) userName on the next cycle; the ListResponse has the user.',
    fix: 'Index the new userName (and drop the old one) when it changes.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{userName2}}"',
    readBack: true,
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraUserId}}')],
  },
  {
    id: 'disable-user-string-false',
    title: 'Default job: disable with {"op":"Replace","path":"active","value":"False"} (a string)',
    requirement: 'ENTRA-COMPAT: without the aadOptscim062020 flag, Entra disables users with "value": "False" — a string, where RFC 7643 makes active a boolean. An RFC-strict server may refuse it, but then Entra cannot disable users unless the tenant URL carries ?aadOptscim062020.',
    fix: 'Accept the strings "True"/"False" (any case) for boolean attributes in PATCH values and store them as JSON booleans; or document that customers must append ?aadOptscim062020 to the tenant URL.',
    level: 'recommended',
    refs: ['ENTRA-COMPAT', 'RFC7643-4.1.1', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({ op: 'Replace', path: 'active', value: 'False' }),
    checks: [PATCH_STATUS, whenBody(valueAt('active', false))],
  },
  {
    id: 'disable-user-string-false-read-back',
    title: 'GET shows active false (a JSON boolean, not "False")',
    requirement: 'ENTRA-COMPAT + RFC 7643 §2.3.2: the string "False" sent by Entra is stored as the boolean false; the user is disabled and still returned.',
    fix: 'Convert "True"/"False" to booleans before storing; never return booleans as strings (Entra\'s validator warns on "True").',
    level: 'recommended',
    refs: ['ENTRA-COMPAT', 'RFC7643-2.3.2'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [valueAt('active', false)],
  },
  {
    id: 'restore-user',
    title: 'Restore: "Replace" active with true',
    requirement: 'ENTRA-SCIM requirement "Soft-deleting a user active=false and restoring the user active=true" (the Logic App\'s Restore_User_Test re-enables a disabled user).',
    fix: 'Apply active=true to a disabled user (no rule that keeps inactive users inactive).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-LOGIC-APP', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({ op: 'Replace', path: 'active', value: true }),
    checks: [PATCH_STATUS, whenBody(valueAt('active', true))],
  },
  {
    id: 'restore-user-read-back',
    title: 'GET shows the user active',
    requirement: 'ENTRA-SCIM: restoring sets active true.',
    fix: 'Persist reactivation.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-LOGIC-APP'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200)],
    checks: [valueAt('active', true)],
  },
  {
    id: 'disable-user',
    title: 'Disable User: "Replace" active with false (a boolean)',
    requirement: 'ENTRA-SCIM "Disable User": {"op":"Replace","path":"active","value":false} answers 200 (or 204). Required validator test "Disable User"; the Logic App\'s Disable_User_Test is mandatory.',
    fix: 'Apply the replace of active and answer 200 with the user (active false) or 204.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'ENTRA-LOGIC-APP'],
    method: 'PATCH',
    path: '/Users/{{entraUserId}}',
    body: patchOps({ op: 'Replace', path: 'active', value: false }),
    checks: [PATCH_STATUS, whenBody(valueAt('active', false))],
  },
  {
    id: 'disabled-user-still-retrievable',
    title: 'The disabled user is still returned by GET, with active false',
    requirement: 'ENTRA-SCIM: "The user object should be returned in a request whether or not the user is active. The only time the user shouldn\'t be returned is when it\'s hard deleted from the application."',
    fix: 'Implement active=false as a soft delete (a status flag); keep the user readable by id.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-LOGIC-APP', 'RFC7643-4.1.1'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(200), json('id', 'equal', '{{entraUserId}}')],
    checks: [valueAt('active', false)],
  },
  {
    id: 'disabled-user-still-found-by-filter',
    title: 'The disabled user is still found by a userName filter',
    requirement: 'ENTRA-SCIM: a disabled user is returned "whether or not the user is active" — also by the userName query Entra runs before every update; otherwise Entra creates a duplicate.',
    fix: 'Do not filter inactive users out of list and filter results.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Users?filter=userName eq "{{userName2}}"',
    readBack: true,
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraUserId}}')],
  },

  // --- Groups -----------------------------------------------------------------------------------
  {
    id: 'create-group',
    title: 'Create Group: POST /Groups as Entra sends it (Microsoft group schema URN, no members)',
    requirement: 'ENTRA-SCIM "Create Group": schemas lists the core Group URN and http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group, with externalId, displayName, meta.resourceType and no members ("Groups are created with an empty members list"); 201 Created with the group. Required validator test "Create Group".',
    fix: 'Accept unknown schema URNs Entra adds to "schemas" (ignore them) and answer 201 with the group and its id.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Groups',
    body: {
      schemas: [GROUP_URN, ENTRA_GROUP_SCHEMA], externalId: '{{groupExternalId}}', displayName: '{{groupName}}', meta: { resourceType: 'Group' },
    },
    gates: [GROUPS],
    assertions: [status(201), json('id', 'not_empty'), json('displayName', 'equal', '{{groupName}}')],
    extractions: [{ name: 'entraGroupId', source: 'response_json', property: 'id', optional: true }],
  },
  {
    id: 'group-add-member',
    title: 'Group Add Member: "Add" of members with [{"$ref": null, "value": id}]',
    requirement: 'ENTRA-SCIM "Update Group [Add Members]": {"op":"Add","path":"members","value":[{"$ref":null,"value":"<user id>"}]}; Entra advises 204 No Content (200 is accepted). Required validator test "Group Add Member".',
    fix: 'Accept "Add" in any case and member objects with "$ref": null; answer 204 (or 200).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.1'],
    method: 'PATCH',
    path: '/Groups/{{entraGroupId}}',
    body: patchOps({ op: 'Add', path: 'members', value: [{ $ref: null, value: '{{entraUserId}}' }] }),
    gates: [GROUPS],
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-add-member-read-back',
    title: 'GET /Groups/{id}?attributes=members shows the member',
    requirement: 'RFC 7644 §3.5.2.1: the added member is in members.',
    fix: 'Persist membership additions.',
    level: 'required',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.5.2.1'],
    method: 'GET',
    path: '/Groups/{{entraGroupId}}?attributes=members',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200)],
    checks: [holdsValue('members', '{{entraUserId}}', true)],
  },
  {
    id: 'filter-existing-group-excluding-members',
    title: 'Filter existing group: GET /Groups?excludedAttributes=members&filter=displayName eq "…"',
    requirement: 'ENTRA-SCIM "Get Group by displayName": the ListResponse holds the group without members. ENTRA-SCIM requirements: "The filter excludedAttributes=members when querying the group resource". Required validator tests "Filter existing group" and "Filter group excluding members".',
    fix: 'Support displayName filters on /Groups and honour excludedAttributes=members (large groups make members expensive).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.4.2.5'],
    method: 'GET',
    path: '/Groups?excludedAttributes=members&filter=displayName eq "{{groupName}}"',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraGroupId}}')],
    checks: [absentAt('Resources[0].members')],
  },
  // Not a read-back: the step before proved the group visible to displayName filters.
  {
    id: 'filter-group-different-case',
    title: 'Filter for the group with displayName in a different case',
    requirement: 'Required Entra SCIM Validator test "Filter group with a different case": Group displayName has caseExact false (RFC 7643 §4.2).',
    fix: 'Compare displayName case-insensitively in filters.',
    level: 'required',
    refs: ['ENTRA-VALIDATOR', 'RFC7643-4.2', 'RFC7644-3.4.2.2'],
    method: 'GET',
    path: '/Groups?excludedAttributes=members&filter=displayName eq "{{groupNameCaps}}"',
    gates: [GROUPS],
    assertions: [status(200), json('totalResults', 'equal_number', '1'), json('Resources[0].id', 'equal', '{{entraGroupId}}')],
  },
  {
    id: 'get-group-excluding-members',
    title: 'Get Group: GET /Groups/{id}?excludedAttributes=members omits the members',
    requirement: 'ENTRA-SCIM "Get Group": GET /Groups/{id}?excludedAttributes=members answers 200 with the group and no members. Required validator test "Get group by id excluding members".',
    fix: 'Apply excludedAttributes on GET by id as on lists (RFC 7644 §3.9).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.9'],
    method: 'GET',
    path: '/Groups/{{entraGroupId}}?excludedAttributes=members',
    gates: [GROUPS],
    assertions: [status(200), json('id', 'equal', '{{entraGroupId}}'), json('displayName', 'equal', '{{groupName}}')],
    checks: [absentAt('members')],
  },
  {
    id: 'group-remove-member',
    title: 'Group Remove Member: "Remove" of members with a value array (default job)',
    requirement: 'ENTRA-SCIM "Update Group [Remove Members]" and ENTRA-COMPAT: the default job removes with {"op":"Remove","path":"members","value":[{"$ref":null,"value":"<id>"}]} (not the RFC\'s members[value eq "<id>"] form). Required validator test "Group Remove Member".',
    fix: 'For remove on a multi-valued attribute with a value array, remove the listed members; keep supporting members[value eq "…"].',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-COMPAT', 'ENTRA-VALIDATOR'],
    method: 'PATCH',
    path: '/Groups/{{entraGroupId}}',
    body: patchOps({ op: 'Remove', path: 'members', value: [{ $ref: null, value: '{{entraUserId}}' }] }),
    gates: [GROUPS],
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-remove-member-read-back',
    title: 'GET shows the member removed',
    requirement: 'ENTRA-SCIM: after the remove, the user is no longer a member.',
    fix: 'Persist the removal (and do not clear the other members).',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR'],
    method: 'GET',
    path: '/Groups/{{entraGroupId}}?attributes=members',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200)],
    checks: [holdsValue('members', '{{entraUserId}}', false)],
  },
  {
    id: 'group-rename',
    title: 'Update Group displayName: "Replace" of displayName',
    requirement: 'ENTRA-SCIM "Update Group [Non-member attributes]": {"op":"Replace","path":"displayName","value":"…"}, answered 204 (or 200). Required validator test "Update Group displayName".',
    fix: 'Apply the replace of displayName on groups.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.5.2.3'],
    method: 'PATCH',
    path: '/Groups/{{entraGroupId}}',
    body: patchOps({ op: 'Replace', path: 'displayName', value: '{{groupName2}}' }),
    gates: [GROUPS],
    checks: [PATCH_STATUS],
  },
  {
    id: 'group-rename-read-back',
    title: 'GET shows the new displayName',
    requirement: 'ENTRA-SCIM: the new group name is stored.',
    fix: 'Persist group renames.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR'],
    method: 'GET',
    path: '/Groups/{{entraGroupId}}?excludedAttributes=members',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(200), json('displayName', 'equal', '{{groupName2}}')],
  },
  {
    id: 'create-duplicate-group',
    title: 'Create a duplicate group (same displayName): 409',
    requirement: 'ENTRA-SCIM: "Groups must have uniqueness on the \'displayName\' value to match with Microsoft Entra ID and the SCIM application. The uniqueness isn\'t a requirement of the SCIM protocol, but is a requirement for integrating a SCIM endpoint with Microsoft Entra ID." Validator test "Create duplicate Group".',
    fix: 'Refuse a second group with the same displayName (case-insensitively) with 409 and "scimType": "uniqueness".',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.3'],
    method: 'POST',
    path: '/Groups',
    body: { schemas: [GROUP_URN, ENTRA_GROUP_SCHEMA], externalId: '{{groupExternalId2}}', displayName: '{{groupName2}}', meta: { resourceType: 'Group' } },
    gates: [GROUPS],
    assertions: [status(409), json('scimType', 'equal', 'uniqueness', 'recommended')],
    extractions: [{ name: 'entraDuplicateGroupId', source: 'response_json', property: 'id', optional: true }],
  },
  {
    id: 'delete-group',
    title: 'Delete Group: DELETE /Groups/{id} answers 204',
    requirement: 'ENTRA-SCIM "Delete Group": 204 No Content. Required validator test "Delete Group".',
    fix: 'Answer DELETE /Groups/{id} with 204.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.6'],
    method: 'DELETE',
    path: '/Groups/{{entraGroupId}}',
    gates: [GROUPS],
    assertions: [status(204)],
  },
  {
    id: 'deleted-group-returns-404',
    title: 'GET of the deleted group answers 404',
    requirement: 'RFC 7644 §3.6: a deleted resource answers 404 Not Found; Entra then treats the group as gone.',
    fix: 'Answer 404 with a SCIM Error for deleted groups.',
    level: 'required',
    refs: ['RFC7644-3.6', 'ENTRA-VALIDATOR'],
    method: 'GET',
    path: '/Groups/{{entraGroupId}}',
    gates: [GROUPS],
    readBack: true,
    assertions: [status(404), json('status', 'equal', '404')],
  },

  // --- Delete users ---------------------------------------------------------------------------
  {
    id: 'delete-user',
    title: 'Delete User: DELETE /Users/{id} answers 204',
    requirement: 'ENTRA-SCIM "Delete User": Entra DELETEs users that are hard-deleted or out of scope and expects 204 No Content. Required validator test "Delete User".',
    fix: 'Answer DELETE /Users/{id} with 204 and no body.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'ENTRA-VALIDATOR', 'RFC7644-3.6'],
    method: 'DELETE',
    path: '/Users/{{entraUserId}}',
    assertions: [status(204)],
  },
  {
    id: 'deleted-user-returns-404',
    title: 'GET of the deleted user answers 404 with status "404"',
    requirement: 'ENTRA-SCIM "Get User" (user not found): 404 with a SCIM Error; "The detail isn\'t required, only status."',
    fix: 'Answer unknown or deleted user ids with 404 {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"}.',
    level: 'required',
    refs: ['ENTRA-SCIM', 'RFC7644-3.6', 'RFC7644-3.12'],
    method: 'GET',
    path: '/Users/{{entraUserId}}',
    readBack: true,
    assertions: [status(404), json('status', 'equal', '404')],
  },
  {
    id: 'delete-user-twice-returns-404',
    title: 'Deleting the same user again answers 404',
    requirement: 'Entra SCIM Validator preview tests "Delete same User twice" and "Delete non-existent User": the second DELETE answers 404 Not Found (RFC 7644 §3.6: 404 for all operations on a deleted resource).',
    fix: 'Answer DELETE of an unknown or already deleted id with 404 and a SCIM Error (not 204, 400 or 500).',
    level: 'recommended',
    refs: ['ENTRA-VALIDATOR', 'RFC7644-3.6'],
    method: 'DELETE',
    path: '/Users/{{entraUserId}}',
    assertions: scimError(404),
  },
];

const entraSteps: readonly RequestStep[] = specs.map(step);

/** Random, namespaced test data for one run of the entra suite. */
function entraRandomData(random: () => number): Record<string, string> {
  const userName = `scim-conformance-${randomLetters(random, 8)}@example.com`;
  const groupName = `scim-conformance-${randomLetters(random, 8)}`;
  const family = `Tester${randomLetters(random, 6)}`;
  return {
    probeName: `scim-conformance-probe-${randomLetters(random, 8)}`,
    userName,
    userNameCaps: userName.toUpperCase(),
    userName2: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    externalId: `scim-conformance-${randomLetters(random, 8)}`,
    workEmail: userName,
    workEmail2: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    givenName: `Entra${randomLetters(random, 4)}`,
    givenName2: `Entra${randomLetters(random, 4)}`,
    familyName: family,
    familyName2: `${family}replaced`,
    displayName2: `Entra ${family} (patched)`,
    nickName: `nick${randomLetters(random, 4)}`,
    department: 'Conformance',
    employeeNumber: `E${randomLetters(random, 6)}`,
    employeeNumber2: `E${randomLetters(random, 6)}`,
    managerUserName: `scim-conformance-${randomLetters(random, 8)}@example.com`,
    managerExternalId: `scim-conformance-${randomLetters(random, 8)}`,
    groupName,
    groupNameCaps: groupName.toUpperCase(),
    groupName2: `${groupName}-renamed`,
    groupExternalId: `scim-conformance-${randomLetters(random, 8)}`,
    groupExternalId2: `scim-conformance-${randomLetters(random, 8)}`,
  };
}

/** The `entra` suite: Microsoft Entra provisioning requests and the answers Entra needs. */
export const entraSuite: Suite = {
  id: 'entra',
  name: 'Microsoft Entra provisioning',
  description: 'The requests Microsoft Entra ID sends (default job and aadOptscim062020 dialects): connection test, user create/lookup/update/disable/restore/delete, manager, groups with excludedAttributes=members and member add/remove, and the Entra SCIM Validator\'s required checks.',
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value for the SCIM API (--scim-auth)', secret: true },
  ],
  initial: { kind: 'generate', generate: entraRandomData },
  steps: entraSteps,
  cleanup: [
    deleteAction('SCIM group {{groupName}} ({{entraGroupId}}) created by entra/create-group: deleted', ['entraGroupId'], '/Groups/{{entraGroupId}}'),
    deleteAction('duplicate SCIM group ({{entraDuplicateGroupId}}) accepted by entra/create-duplicate-group: deleted', ['entraDuplicateGroupId'], '/Groups/{{entraDuplicateGroupId}}'),
    deleteAction('SCIM user {{userName}} ({{entraUserId}}) created by entra/create-user: deleted', ['entraUserId'], '/Users/{{entraUserId}}'),
    deleteAction('SCIM user {{managerUserName}} ({{managerId}}) created by entra/create-manager-user: deleted', ['managerId'], '/Users/{{managerId}}'),
  ],
};
