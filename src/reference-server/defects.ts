/**
 * Named defect profiles of the reference server (DESIGN.md decision 11, "self-test by
 * mutation"): each profile switches on ONE deliberate, realistic bug, so our suites can be
 * shown to catch it. The server consults the active set at a few named points; with no
 * defects it is RFC 7643/7644-correct.
 */

/** Every defect profile name, in catalogue order. */
export const DEFECT_NAMES = [
  'list-no-schemas',
  'list-no-paging-fields',
  'post-returns-200',
  'no-uniqueness',
  'error-without-schema',
  'error-no-detail',
  'error-no-status',
  'auth-not-enforced',
  'empty-filter-404',
  'filter-ignored',
  'username-case-sensitive',
  'no-active-attribute',
  'post-drops-name',
  'get-by-id-404',
  'rejects-application-json',
  'no-groups-endpoint',
  'patch-active-ignored',
  'put-merges',
  'reactivation-ignored',
  'filter-lookup-broken',
  'plain-json-content-type',
  'group-patch-members-ignored',
  'group-rename-ignored',
  'excluded-attributes-ignored',
  'password-returned',
  'patch-op-case-sensitive',
  'patch-string-boolean-rejected',
  'patch-pathless-rejected',
  'unknown-id-400',
  'invalid-filter-500',
  'paging-ignored',
  'paging-fields-as-strings',
  'no-location-header',
  'deactivate-deletes',
  'readonly-attributes-rejected',
  'spc-incomplete',
  'schema-by-urn-404',
  'if-none-match-ignored',
  'sort-order-ignored',
  'group-get-by-id-404',
  'group-patch-405',
  'group-patch-remove-ignored',
  'group-delete-returns-200',
  'uppercase-filter-rejected',
  'no-groups',
  'patch-member-cap',
  'ignores-null-update',
  'list-requests-serialized',
  'duplicate-group-names-allowed',
  'interop-not-declared',
  'interop-pathless-patch-accepted',
  'interop-undefined-attributes-accepted',
  'filter-names-case-sensitive',
  'filter-grouping-ignored',
  'filter-value-path-any-element',
  'filter-ge-le-exclusive',
  'filter-case-exact-ignored',
  'unknown-attribute-filter-500',
  'paging-start-index-ignored',
  'required-attribute-not-enforced',
  'create-active-false-ignored',
  'multi-valued-sub-attributes-dropped',
  'extension-dropped-on-create',
  'patch-sub-attribute-replaces-parent',
  'patch-value-filter-ignored',
  'patch-add-replaces-multi-valued',
  'patch-extension-path-ignored',
  'patchop-not-validated',
  'no-target-ignored',
  'readonly-patch-ignored',
  'if-match-ignored',
  'client-id-honoured',
  'group-filter-ignored',
  'token-prefix-accepted',
  'sort-ignored-with-filter',
  'paging-start-index-as-page',
  'error-status-number',
  'emails-primary-as-string',
  'meta-created-not-datetime',
  'schemas-missing-characteristics',
  'interop-resource-type-id-differs',
  'interop-username-case-exact',
  'interop-undefined-filter-attribute-ignored',
  'interop-delete-keeps-username',
  'unmapped-attributes-dropped',
  'method-not-allowed-404',
  'oauth-expired-token-accepted',
] as const;

/** The name of one defect profile. */
export type DefectName = (typeof DEFECT_NAMES)[number];

/** What a defect profile does and which rules it breaks. */
export interface DefectDescription {
  readonly name: DefectName;
  /** One sentence: the observable misbehaviour. */
  readonly description: string;
  /** Spec references the defect violates (`RFC7644-3.4.2`, `OKTA-SPEC`, `ENTRA-…`). */
  readonly breaks: readonly string[];
}

const CATALOGUE: { readonly [name in DefectName]: Omit<DefectDescription, 'name'> } = {
  'list-no-schemas': {
    description: 'ListResponse bodies omit "schemas" (the ListResponse URN).',
    breaks: ['RFC7644-3.4.2', 'OKTA-SPEC'],
  },
  'list-no-paging-fields': {
    description: 'ListResponse bodies omit "itemsPerPage" and "startIndex".',
    breaks: ['RFC7644-3.4.2', 'OKTA-SPEC'],
  },
  'post-returns-200': {
    description: 'POST that creates a resource answers 200 instead of 201 Created.',
    breaks: ['RFC7644-3.3', 'OKTA-SPEC'],
  },
  'no-uniqueness': {
    description: 'A User with a duplicate userName is created (201) instead of 409 uniqueness.',
    breaks: ['RFC7643-4.1.1', 'RFC7644-3.3', 'OKTA-SPEC'],
  },
  'error-without-schema': {
    description: 'Error bodies lack "schemas" (the Error URN); status and detail remain.',
    breaks: ['RFC7644-3.12', 'OKTA-SPEC'],
  },
  'error-no-detail': {
    description: 'Error bodies lack "detail".',
    breaks: ['RFC7644-3.12', 'OKTA-SPEC'],
  },
  'error-no-status': {
    description: 'Error bodies lack "status".',
    breaks: ['RFC7644-3.12', 'OKTA-SPEC'],
  },
  'auth-not-enforced': {
    description: 'Requests without, or with a wrong, Authorization header are served (no 401).',
    breaks: ['RFC7644-2', 'OKTA-SPEC'],
  },
  'empty-filter-404': {
    description: 'A filter that matches nothing answers 404 with an Error instead of an empty ListResponse.',
    breaks: ['RFC7644-3.4.2', 'OKTA-SPEC'],
  },
  'filter-ignored': {
    description: 'The "filter" parameter is ignored: lists return every resource.',
    breaks: ['RFC7644-3.4.2.2', 'OKTA-SPEC'],
  },
  'username-case-sensitive': {
    description: 'Filters compare userName case-sensitively (uniqueness stays case-insensitive).',
    breaks: ['RFC7643-4.1.1', 'RFC7644-3.4.2.2', 'OKTA-SPEC'],
  },
  'no-active-attribute': {
    description: 'User representations never include "active".',
    breaks: ['RFC7643-4.1.1', 'OKTA-SPEC', 'OKTA-CRUD'],
  },
  'post-drops-name': {
    description: 'POST /Users does not store "name" (givenName, familyName are lost).',
    breaks: ['RFC7644-3.3', 'OKTA-SPEC'],
  },
  'get-by-id-404': {
    description: 'GET /Users/{id} always answers 404, even for a User that exists.',
    breaks: ['RFC7644-3.4.1', 'OKTA-SPEC'],
  },
  'rejects-application-json': {
    description: 'Request bodies sent as "application/json" get 415; only application/scim+json is accepted.',
    breaks: ['RFC7644-3.8', 'OKTA-CRUD'],
  },
  'no-groups-endpoint': {
    description: '/Groups answers 404 although /ResourceTypes advertises Group.',
    breaks: ['RFC7644-3.2', 'OKTA-SPEC'],
  },
  'patch-active-ignored': {
    description: 'PATCH setting "active" answers 200 but does not change it.',
    breaks: ['RFC7644-3.5.2', 'OKTA-CRUD'],
  },
  'put-merges': {
    description: 'PUT merges the body into the resource instead of replacing it (omitted attributes survive).',
    breaks: ['RFC7644-3.5.1'],
  },
  'reactivation-ignored': {
    description: 'Once a User is inactive, setting active=true (PATCH or PUT) is silently ignored.',
    breaks: ['RFC7644-3.5.1', 'RFC7644-3.5.2', 'OKTA-CRUD'],
  },
  'filter-lookup-broken': {
    description: 'A "userName eq" filter always returns an empty list, and POST accepts the duplicate it leads to.',
    breaks: ['RFC7644-3.4.2.2', 'RFC7644-3.3', 'OKTA-SPEC', 'OKTA-CRUD'],
  },
  'plain-json-content-type': {
    description: 'Responses are labelled "application/json" instead of "application/scim+json".',
    breaks: ['RFC7644-3.1', 'RFC7644-8.1'],
  },
  'group-patch-members-ignored': {
    description: 'PATCH adding or removing Group members answers 200 but membership is unchanged.',
    breaks: ['RFC7644-3.5.2', 'OKTA-CRUD'],
  },
  'group-rename-ignored': {
    description: 'Replacing a Group\'s displayName (PATCH or PUT) answers 200 but the name is unchanged.',
    breaks: ['RFC7644-3.5.1', 'RFC7644-3.5.2', 'OKTA-CRUD'],
  },
  'excluded-attributes-ignored': {
    description: 'The "excludedAttributes" parameter is ignored (Entra sends excludedAttributes=members).',
    breaks: ['RFC7644-3.9', 'ENTRA-SCIM'],
  },
  'password-returned': {
    description: 'User representations include "password", whose "returned" is "never".',
    breaks: ['RFC7643-4.1.1', 'RFC7643-7'],
  },
  'patch-op-case-sensitive': {
    description: 'PATCH ops not spelled in lower case ("Replace", "Add" as Entra sends) are rejected with 400.',
    breaks: ['RFC7644-3.5.2', 'ENTRA-SCIM'],
  },
  'patch-string-boolean-rejected': {
    description: 'PATCH values "True"/"False" (strings, as Entra sends for active) are rejected with 400.',
    breaks: ['ENTRA-SCIM'],
  },
  'patch-pathless-rejected': {
    description: 'PATCH operations without "path" (Okta\'s {"op":"replace","value":{"active":false}}) are rejected with 400.',
    breaks: ['RFC7644-3.5.2.3', 'OKTA-CRUD'],
  },
  'unknown-id-400': {
    description: 'An unknown resource id answers 400 instead of 404.',
    breaks: ['RFC7644-3.12', 'OKTA-SPEC'],
  },
  'invalid-filter-500': {
    description: 'An unparsable filter answers 500 instead of 400 invalidFilter.',
    breaks: ['RFC7644-3.4.2.2', 'RFC7644-3.12'],
  },
  'paging-ignored': {
    description: '"startIndex" and "count" are ignored: lists always return every result from index 1.',
    breaks: ['RFC7644-3.4.2.4', 'OKTA-SPEC'],
  },
  'paging-fields-as-strings': {
    description: 'totalResults, itemsPerPage and startIndex are JSON strings instead of integers.',
    breaks: ['RFC7644-3.4.2', 'OKTA-SPEC'],
  },
  'no-location-header': {
    description: 'POST 201 responses carry no Location header.',
    breaks: ['RFC7644-3.3'],
  },
  'deactivate-deletes': {
    description: 'Setting active=false deletes the User: it answers 404 afterwards.',
    breaks: ['RFC7643-4.1.1', 'OKTA-CRUD', 'ENTRA-SCIM'],
  },
  'readonly-attributes-rejected': {
    description: 'PUT bodies that carry readOnly attributes (id, meta) are rejected with 400 instead of ignoring them.',
    breaks: ['RFC7644-3.5.1', 'OKTA-CRUD'],
  },
  'spc-incomplete': {
    description: '/ServiceProviderConfig omits the features the server does not offer (bulk) and changePassword instead of saying "supported": false.',
    breaks: ['RFC7643-5', 'RFC7644-4'],
  },
  'schema-by-urn-404': {
    description: 'GET /Schemas/{urn} answers 404: only the /Schemas list is served.',
    breaks: ['RFC7644-4'],
  },
  'if-none-match-ignored': {
    description: 'GET with an If-None-Match that matches the current ETag answers 200 with the body instead of 304.',
    breaks: ['RFC7644-3.14'],
  },
  'sort-order-ignored': {
    description: '"sortBy" is honoured but "sortOrder" is ignored: lists are always sorted ascending.',
    breaks: ['RFC7644-3.4.2.3'],
  },
  'group-get-by-id-404': {
    description: 'GET /Groups/{id} always answers 404, even for a Group that exists (lists, PUT, PATCH and DELETE still find it).',
    breaks: ['RFC7644-3.4.1', 'RFC7643-4.2'],
  },
  'group-patch-405': {
    description: 'PATCH /Groups/{id} answers 405 Method Not Allowed (PATCH is routed for Users only) although /ServiceProviderConfig advertises patch.',
    breaks: ['RFC7644-3.5.2', 'RFC7643-5', 'ENTRA-SCIM'],
  },
  'group-patch-remove-ignored': {
    description: 'PATCH removing Group members answers 200 but the members stay (only additions are applied).',
    breaks: ['RFC7644-3.5.2.2', 'ENTRA-SCIM', 'OKTA-SCIM'],
  },
  'group-delete-returns-200': {
    description: 'DELETE /Groups/{id} deletes the Group but answers 200 with its representation instead of 204 No Content.',
    breaks: ['RFC7644-3.6', 'ENTRA-SCIM'],
  },
  'uppercase-filter-rejected': {
    description: 'A "userName eq" filter whose value has upper-case letters is rejected with 400 (the value is validated as a lower-case user name).',
    breaks: ['RFC7643-4.1.1', 'RFC7644-3.4.2.2', 'OKTA-SPEC'],
  },
  'no-groups': {
    description: 'Groups are not offered at all: /Schemas and /ResourceTypes list no Group and /Groups answers 404 (RFC-correct; Entra\'s gallery requires groups).',
    breaks: ['ENTRA-LOGIC-APP'],
  },
  'patch-member-cap': {
    description: 'A PATCH operation on Group members with more than 10 values is refused with 400 (a per-request cap).',
    breaks: ['ENTRA-LOGIC-APP', 'RFC7644-3.5.2'],
  },
  'ignores-null-update': {
    description: 'Attributes set to null (PATCH replace with "value": null, or null in a PUT body) keep their old value.',
    breaks: ['RFC7643-2.5', 'RFC7644-3.5.1', 'RFC7644-3.5.2.3', 'ENTRA-LOGIC-APP'],
  },
  'list-requests-serialized': {
    description: 'GET list and filter requests on /Users and /Groups are served one at a time, 45 ms each (at most 22 per second).',
    breaks: ['ENTRA-LOGIC-APP'],
  },
  'duplicate-group-names-allowed': {
    description: 'A second Group with an existing displayName is created (and /Schemas says displayName uniqueness "none"): RFC-correct, but Entra requires unique group names.',
    breaks: ['ENTRA-SCIM'],
  },
  'interop-not-declared': {
    description: 'Interop mode, but /ServiceProviderConfig does not say "interopProfileConformant": true.',
    breaks: ['SCIM-INTEROP'],
  },
  'interop-pathless-patch-accepted': {
    description: 'Interop mode, but a PATCH operation without "path" is applied instead of refused with 400 invalidSyntax.',
    breaks: ['SCIM-INTEROP'],
  },
  'interop-undefined-attributes-accepted': {
    description: 'Interop mode, but attributes and schema URIs the server does not define are ignored instead of refused with 400 invalidSyntax.',
    breaks: ['SCIM-INTEROP'],
  },
  'filter-names-case-sensitive': {
    description: 'Filter attribute names and operators match only as the schema spells them: "USERNAME EQ …" finds nothing.',
    breaks: ['RFC7644-3.4.2.2', 'RFC7643-2.1'],
  },
  'filter-grouping-ignored': {
    description: 'Parentheses in filters are ignored, so "(a or b) and c" is evaluated as "a or b and c".',
    breaks: ['RFC7644-3.4.2.2'],
  },
  'filter-value-path-any-element': {
    description: 'A value path emails[type eq "work" and value ew ".org"] matches when different elements satisfy its conditions.',
    breaks: ['RFC7644-3.4.2.2'],
  },
  'filter-ge-le-exclusive': {
    description: '"ge" and "le" behave like "gt" and "lt": a value equal to the boundary is not returned.',
    breaks: ['RFC7644-3.4.2.2'],
  },
  'filter-case-exact-ignored': {
    description: 'externalId (caseExact) is compared case-insensitively in filters.',
    breaks: ['RFC7643-3.1', 'RFC7644-3.4.2.2'],
  },
  'unknown-attribute-filter-500': {
    description: 'A filter on an attribute no schema defines answers 500 instead of 400 invalidFilter.',
    breaks: ['RFC7644-3.12', 'RFC7644-3.4.2.2'],
  },
  'paging-start-index-ignored': {
    description: 'List pages hold at most 2 resources (a server maximum RFC 7644 allows) but "startIndex" is ignored: every page is the first one, so a client paging through (Okta\'s import) sees the same resources again and never the rest.',
    breaks: ['RFC7644-3.4.2.4', 'OKTA-SCIM'],
  },
  'required-attribute-not-enforced': {
    description: 'POST /Users without userName (REQUIRED) creates a user with a generated userName instead of answering 400.',
    breaks: ['RFC7643-4.1.1', 'RFC7643-2.2', 'RFC7644-3.3'],
  },
  'create-active-false-ignored': {
    description: 'A User created with "active": false is stored active.',
    breaks: ['RFC7643-4.1.1', 'RFC7644-3.3'],
  },
  'multi-valued-sub-attributes-dropped': {
    description: 'On create, emails keep only their value: type and primary are lost.',
    breaks: ['RFC7643-2.4', 'RFC7644-3.3'],
  },
  'extension-dropped-on-create': {
    description: 'On create, the Enterprise User extension object is not stored (201, but GET lacks it).',
    breaks: ['RFC7643-3.3', 'RFC7643-4.3'],
  },
  'patch-sub-attribute-replaces-parent': {
    description: 'PATCH of a sub-attribute path (name.givenName) replaces the whole complex attribute: the other sub-attributes are lost.',
    breaks: ['RFC7644-3.5.2.3'],
  },
  'patch-value-filter-ignored': {
    description: 'PATCH value paths ignore their filter: emails[type eq "work"].value changes every email, remove emails[…] removes them all.',
    breaks: ['RFC7644-3.5.2.2', 'RFC7644-3.5.2.3'],
  },
  'patch-add-replaces-multi-valued': {
    description: 'PATCH add to a multi-valued attribute replaces its values instead of appending.',
    breaks: ['RFC7644-3.5.2.1'],
  },
  'patch-extension-path-ignored': {
    description: 'PATCH operations with a URN-qualified (extension) path are skipped: 200, nothing changes.',
    breaks: ['RFC7644-3.10', 'RFC7644-3.5.2'],
  },
  'patchop-not-validated': {
    description: 'A malformed PatchOp (wrong schemas, empty Operations, unknown op, missing value) answers 200 and changes nothing instead of 400.',
    breaks: ['RFC7644-3.5.2', 'RFC7644-3.12'],
  },
  'no-target-ignored': {
    description: 'PATCH whose value filter matches nothing, or remove without path, answers 200 instead of 400 noTarget.',
    breaks: ['RFC7644-3.5.2.2', 'RFC7644-3.5.2.3'],
  },
  'readonly-patch-ignored': {
    description: 'PATCH of a readOnly attribute (id) answers 200 and ignores it instead of 400 mutability.',
    breaks: ['RFC7644-3.5.2', 'RFC7644-3.12'],
  },
  'if-match-ignored': {
    description: 'PUT, PATCH and DELETE ignore If-Match: a write conditional on a stale version is applied instead of answering 412.',
    breaks: ['RFC7644-3.14'],
  },
  'client-id-honoured': {
    description: 'POST stores the resource under the "id" the client put in the body (when no resource has it yet) instead of issuing its own.',
    breaks: ['RFC7643-3.1', 'RFC7644-3.3'],
  },
  'group-filter-ignored': {
    description: 'The "filter" parameter is ignored on /Groups (filtering is implemented for /Users only): every group is listed.',
    breaks: ['RFC7644-3.4.2.2', 'RFC7643-4.2'],
  },
  'token-prefix-accepted': {
    description: 'Any bearer token that starts with the configured one is accepted (a prefix comparison).',
    breaks: ['RFC7644-2', 'RFC6750-3.1'],
  },
  'sort-ignored-with-filter': {
    description: '"sortBy" is ignored when the list is filtered (a separate search code path): filtered lists come back in creation order.',
    breaks: ['RFC7644-3.4.2.3'],
  },
  'paging-start-index-as-page': {
    description: 'startIndex is taken as a page number: the offset is (startIndex − 1) × count, so pages after the first skip results.',
    breaks: ['RFC7644-3.4.2.4'],
  },
  'error-status-number': {
    description: 'SCIM Error bodies carry "status" as a JSON number (404) instead of a string ("404").',
    breaks: ['RFC7644-3.12'],
  },
  'emails-primary-as-string': {
    description: 'User representations carry emails[].primary as the string "true" instead of a JSON boolean.',
    breaks: ['RFC7643-2.3.2', 'RFC7643-4.1.2'],
  },
  'meta-created-not-datetime': {
    description: 'meta.created is a number of milliseconds since 1970 instead of an xsd:dateTime string.',
    breaks: ['RFC7643-2.3.5', 'RFC7643-3.1'],
  },
  'schemas-missing-characteristics': {
    description: 'Attribute definitions in /Schemas leave out caseExact, mutability, returned and uniqueness.',
    breaks: ['RFC7643-7', 'ENTRA-SCIM'],
  },
  'interop-resource-type-id-differs': {
    description: 'Interop mode, but each ResourceType\'s id differs from its name ("urn:example:resource-type:User" for "User").',
    breaks: ['SCIM-INTEROP', 'RFC7643-6'],
  },
  'interop-username-case-exact': {
    description: 'Interop mode, but /Schemas declares userName caseExact true and a userName differing only in case is accepted as a new user (uniqueness and filtering follow different case rules).',
    breaks: ['SCIM-INTEROP', 'RFC7643-4.1.1'],
  },
  'interop-undefined-filter-attribute-ignored': {
    description: 'Interop mode, but a filter on an attribute the server does not define is answered with an empty list instead of 400 invalidFilter.',
    breaks: ['SCIM-INTEROP', 'RFC7644-3.4.2.2'],
  },
  'interop-delete-keeps-username': {
    description: 'Interop mode, but a deleted user\'s userName stays reserved: creating a new user with it is refused with 409.',
    breaks: ['SCIM-INTEROP', 'RFC7644-3.6'],
  },
  'unmapped-attributes-dropped': {
    description: 'POST /Users answers 201 but does not store ims, x509Certificates and the enterprise division (only "mapped" attributes are kept).',
    breaks: ['RFC7644-3.3', 'RFC7643-4.1.2', 'RFC7643-4.3'],
  },
  'method-not-allowed-404': {
    description: 'A method a path does not serve (POST /ServiceProviderConfig, /Schemas, /ResourceTypes) answers 404 "Endpoint Not Found" instead of 405 Method Not Allowed.',
    breaks: ['RFC7644-4', 'RFC9110-15.5.6'],
  },
  'oauth-expired-token-accepted': {
    description: 'OAuth mode, but an access token past its lifetime (expires_in) is still accepted by the SCIM API (its expiry is never checked).',
    breaks: ['RFC6750-3.1', 'RFC7644-2'],
  },
};

/** The description of the defect profile `name`. */
export function describeDefect(name: DefectName): DefectDescription {
  return { name, ...CATALOGUE[name] };
}

/**
 * True for the defects of interop mode (`interop-…`): each breaks one rule of the SCIM
 * interoperability profile, so a server started with one runs in interop mode.
 */
export function isInteropDefect(name: DefectName): boolean {
  return name.startsWith('interop-');
}

/** True when `value` names a defect profile (for validating CLI or config input). */
export function isDefectName(value: string): value is DefectName {
  return (DEFECT_NAMES as readonly string[]).includes(value);
}
