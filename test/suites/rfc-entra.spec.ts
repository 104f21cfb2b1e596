/**
 * The `rfc7644` and `entra` suites against the real reference server over loopback (DESIGN.md
 * core decision 11, self-test by mutation): the RFC-correct server passes every step of both
 * suites with no warning and keeps nothing the suites created; under each defect profile
 * exactly the steps of EXPECTED do not pass, with those verdicts. EXPECTED is the table the
 * lead merges into fixtures/expectations.json. All runs go in parallel (one server each), so
 * the file stays fast.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunOptions, RunReport } from '../../src/model/report.js';
import { isKnownSpecRef } from '../../src/model/spec-ref.js';
import type { RequestStep, Suite, VerifyContext } from '../../src/model/suite.js';
import { DEFECT_NAMES, startReferenceServer, type DefectName } from '../../src/reference-server/index.js';
import { entraSuite } from '../../suites/entra.js';
import { rfc7644Suite } from '../../suites/rfc7644.js';
import { stepBuilder, status, variableGate } from '../../suites/scim-step-kit.js';

const TOKEN = 'rfc-entra-suite-token';
const SUITES: readonly Suite[] = [rfc7644Suite, entraSuite];
const RUN_OPTIONS: RunOptions = {
  pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5_000, seedUser: false, keepTestData: false,
};

type NonPass = 'fail' | 'warn' | 'skip' | 'n/a';

/** Defects this work must catch (the reference defects okta-spec does not catch). */
const MUST_CATCH: readonly DefectName[] = [
  'put-merges', 'patch-active-ignored', 'reactivation-ignored', 'deactivate-deletes', 'plain-json-content-type',
  'group-patch-members-ignored', 'group-rename-ignored', 'excluded-attributes-ignored', 'password-returned',
  'patch-op-case-sensitive', 'patch-string-boolean-rejected', 'patch-pathless-rejected', 'invalid-filter-500',
  'paging-ignored', 'paging-fields-as-strings', 'no-location-header', 'readonly-attributes-rejected', 'no-groups-endpoint',
];

/**
 * Every step of the two suites that does not pass under each defect profile, with its verdict
 * (the same shape as fixtures/expectations.json "profiles"). `error-no-detail` and
 * `rejects-application-json` break nothing these suites rely on: "detail" is OPTIONAL
 * (RFC7644-3.12) and both suites send application/scim+json.
 */
const EXPECTED: { readonly [defect in DefectName]: Readonly<Record<string, NonPass>> } = {
  'list-no-schemas': {
    'rfc7644/discovery-schemas': 'fail',
    'rfc7644/discovery-resource-types': 'fail',
    'rfc7644/user-filter-by-username': 'fail',
    'rfc7644/list-count-limits-page': 'fail',
    'entra/schemas-discovery': 'fail',
    'entra/connection-test-user-filter': 'fail',
    'entra/connection-test-group-filter': 'fail',
    'entra/filter-existing-user': 'fail',
  },
  'list-no-paging-fields': {
    'rfc7644/list-count-limits-page': 'fail',
    'rfc7644/list-start-index-selects-page': 'fail',
  },
  'post-returns-200': {
    'rfc7644/user-create-returns-201': 'fail',
    'rfc7644/user-create-second': 'fail',
    'rfc7644/group-create-returns-201': 'fail',
    'entra/create-manager-user': 'fail',
    'entra/create-user': 'fail',
    'entra/create-group': 'fail',
    'rfc7644/user-create-with-every-schema-attribute': 'warn',
  },
  'no-uniqueness': {
    'rfc7644/user-duplicate-username-returns-409': 'fail',
  },
  'error-without-schema': {
    'rfc7644/request-without-credentials-returns-401': 'fail',
    'rfc7644/list-invalid-filter-returns-400': 'fail',
    'rfc7644/user-duplicate-username-returns-409': 'fail',
    'rfc7644/user-create-invalid-json-returns-400': 'fail',
    'rfc7644/group-deleted-returns-404': 'fail',
    'rfc7644/user-deleted-returns-404': 'fail',
    'rfc7644/user-delete-unknown-id-returns-404': 'fail',
    'entra/delete-user-twice-returns-404': 'warn',
    'entra/create-duplicate-group': 'fail',
  },
  'error-no-detail': {},
  'error-no-status': {
    'rfc7644/request-without-credentials-returns-401': 'fail',
    'rfc7644/list-invalid-filter-returns-400': 'fail',
    'rfc7644/user-duplicate-username-returns-409': 'fail',
    'rfc7644/user-create-invalid-json-returns-400': 'fail',
    'rfc7644/group-deleted-returns-404': 'fail',
    'rfc7644/user-deleted-returns-404': 'fail',
    'rfc7644/user-delete-unknown-id-returns-404': 'fail',
    'entra/deleted-group-returns-404': 'fail',
    'entra/deleted-user-returns-404': 'fail',
    'entra/delete-user-twice-returns-404': 'warn',
    'entra/create-duplicate-group': 'fail',
  },
  'auth-not-enforced': {
    'rfc7644/request-without-credentials-returns-401': 'fail',
  },
  'empty-filter-404': {
    'entra/connection-test-user-filter': 'fail',
    'entra/connection-test-group-filter': 'fail',
  },
  'filter-ignored': {
    'rfc7644/user-filter-by-username': 'fail',
    'rfc7644/list-invalid-filter-returns-400': 'fail',
    'entra/connection-test-user-filter': 'fail',
    'entra/filter-existing-user': 'fail',
    'entra/filter-user-different-case': 'fail',
    'entra/filter-user-by-external-id': 'fail',
    'entra/filter-user-by-work-email': 'warn',
    'entra/filter-user-by-new-username': 'fail',
    'entra/disabled-user-still-found-by-filter': 'fail',
  },
  'username-case-sensitive': {
    'entra/filter-user-different-case': 'fail',
  },
  'no-active-attribute': {
    'rfc7644/user-patch-deactivate': 'fail',
    'rfc7644/user-patch-deactivate-read-back': 'fail',
    'rfc7644/user-patch-reactivate': 'fail',
    'rfc7644/user-patch-reactivate-read-back': 'fail',
    'entra/create-user': 'fail',
    'entra/disable-user-string-false': 'warn',
    'entra/disable-user-string-false-read-back': 'warn',
    'entra/restore-user': 'fail',
    'entra/restore-user-read-back': 'fail',
    'entra/disable-user': 'fail',
    'entra/disabled-user-still-retrievable': 'fail',
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
  },
  'post-drops-name': {
    'rfc7644/user-get-by-id': 'fail',
    'entra/get-user-by-id': 'fail',
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
  },
  'get-by-id-404': {
    'rfc7644/user-get-by-id': 'fail',
    'rfc7644/user-password-never-returned': 'fail',
    'rfc7644/user-etag-matches-meta-version': 'fail',
    'rfc7644/user-if-none-match-returns-304': 'skip',
    'rfc7644/user-attributes-parameter': 'fail',
    'rfc7644/user-excluded-attributes-parameter': 'fail',
    'rfc7644/user-put-read-back': 'fail',
    'rfc7644/user-patch-deactivate-read-back': 'fail',
    'rfc7644/user-patch-reactivate-read-back': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'rfc7644/user-patch-remove-attribute-read-back': 'fail',
    'entra/get-user-by-id': 'fail',
    'entra/patch-user-replace-attributes-read-back': 'fail',
    'entra/patch-user-add-attributes-read-back': 'fail',
    'entra/patch-user-add-manager-read-back': 'warn',
    'entra/patch-user-remove-manager-read-back': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
    'entra/disable-user-string-false-read-back': 'warn',
    'entra/restore-user-read-back': 'fail',
    'entra/disabled-user-still-retrievable': 'fail',
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
  },
  'rejects-application-json': {},
  'no-groups-endpoint': {
    'rfc7644/group-create-returns-201': 'fail',
    'rfc7644/group-get-by-id': 'skip',
    'rfc7644/group-members-returned-on-request': 'skip',
    'rfc7644/group-filter-by-display-name': 'fail',
    'rfc7644/group-patch-remove-member': 'skip',
    'rfc7644/group-patch-remove-member-read-back': 'skip',
    'rfc7644/group-patch-add-member': 'skip',
    'rfc7644/group-patch-add-member-read-back': 'skip',
    'rfc7644/group-put-replaces-name-and-members': 'skip',
    'rfc7644/group-put-read-back': 'skip',
    'rfc7644/group-delete-returns-204': 'skip',
    'rfc7644/group-deleted-returns-404': 'skip',
    'entra/connection-test-group-filter': 'fail',
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  'patch-active-ignored': {
    'rfc7644/user-patch-deactivate': 'fail',
    'rfc7644/user-patch-deactivate-read-back': 'fail',
    'entra/disable-user-string-false': 'warn',
    'entra/disable-user-string-false-read-back': 'warn',
    'entra/disable-user': 'fail',
    'entra/disabled-user-still-retrievable': 'fail',
  },
  'put-merges': {
    'rfc7644/user-put-replaces-attributes': 'fail',
    'rfc7644/user-put-read-back': 'fail',
    'rfc7644/group-put-read-back': 'fail',
  },
  'reactivation-ignored': {
    'rfc7644/user-patch-reactivate': 'fail',
    'rfc7644/user-patch-reactivate-read-back': 'fail',
    'entra/restore-user': 'fail',
    'entra/restore-user-read-back': 'fail',
  },
  'filter-lookup-broken': {
    'rfc7644/user-filter-by-username': 'fail',
    'rfc7644/user-duplicate-username-returns-409': 'fail',
    'entra/filter-existing-user': 'fail',
    'entra/filter-user-different-case': 'fail',
    'entra/filter-user-by-new-username': 'fail',
    'entra/disabled-user-still-found-by-filter': 'fail',
  },
  'plain-json-content-type': {
    'rfc7644/response-media-type-is-scim-json': 'fail',
    'entra/responses-use-scim-media-type': 'fail',
  },
  'group-patch-members-ignored': {
    'rfc7644/group-patch-remove-member-read-back': 'fail',
    'entra/group-add-member-read-back': 'fail',
  },
  'group-rename-ignored': {
    'rfc7644/group-put-replaces-name-and-members': 'fail',
    'rfc7644/group-put-read-back': 'fail',
    'entra/group-rename-read-back': 'fail',
    'entra/create-duplicate-group': 'fail',
  },
  'excluded-attributes-ignored': {
    'rfc7644/user-excluded-attributes-parameter': 'fail',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/get-group-excluding-members': 'fail',
  },
  'password-returned': {
    'rfc7644/user-password-never-returned': 'fail',
    'rfc7644/user-create-returns-201': 'fail',
  },
  'patch-op-case-sensitive': {
    'entra/patch-user-replace-attributes': 'fail',
    'entra/patch-user-replace-attributes-read-back': 'fail',
    'entra/patch-user-add-attributes': 'fail',
    'entra/patch-user-add-attributes-read-back': 'fail',
    'entra/patch-user-add-manager': 'warn',
    'entra/patch-user-add-manager-read-back': 'warn',
    'entra/patch-user-remove-manager': 'warn',
    'entra/patch-user-replace-username': 'fail',
    'entra/filter-user-by-new-username': 'fail',
    'entra/disable-user-string-false': 'warn',
    'entra/disable-user-string-false-read-back': 'warn',
    'entra/restore-user': 'fail',
    'entra/disable-user': 'fail',
    'entra/disabled-user-still-retrievable': 'fail',
    'entra/disabled-user-still-found-by-filter': 'fail',
    'entra/group-add-member': 'fail',
    'entra/group-add-member-read-back': 'fail',
    'entra/group-remove-member': 'fail',
    'entra/group-rename': 'fail',
    'entra/group-rename-read-back': 'fail',
    'entra/create-duplicate-group': 'fail',
  },
  'patch-string-boolean-rejected': {
    'entra/disable-user-string-false': 'warn',
    'entra/disable-user-string-false-read-back': 'warn',
  },
  'patch-pathless-rejected': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
  },
  'unknown-id-400': {
    'rfc7644/group-deleted-returns-404': 'fail',
    'rfc7644/user-deleted-returns-404': 'fail',
    'rfc7644/user-delete-unknown-id-returns-404': 'fail',
    'entra/deleted-group-returns-404': 'fail',
    'entra/deleted-user-returns-404': 'fail',
    'entra/delete-user-twice-returns-404': 'warn',
  },
  'invalid-filter-500': {
    'rfc7644/list-invalid-filter-returns-400': 'fail',
  },
  'paging-ignored': {
    'rfc7644/list-count-limits-page': 'fail',
    'rfc7644/list-start-index-selects-page': 'fail',
  },
  'paging-fields-as-strings': {
    'rfc7644/discovery-schemas': 'fail',
    'rfc7644/list-count-limits-page': 'fail',
    'rfc7644/list-start-index-selects-page': 'fail',
    'entra/schemas-discovery': 'fail',
  },

  'no-location-header': {
    'rfc7644/user-create-returns-201': 'fail',
    'rfc7644/group-create-returns-201': 'fail',
  },
  'deactivate-deletes': {
    'rfc7644/user-patch-deactivate-read-back': 'fail',
    'rfc7644/user-patch-reactivate': 'fail',
    'rfc7644/user-patch-reactivate-read-back': 'fail',
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'rfc7644/user-patch-remove-attribute': 'fail',
    'rfc7644/user-patch-remove-attribute-read-back': 'fail',
    'rfc7644/user-delete-returns-204': 'fail',
    'entra/disable-user-string-false-read-back': 'warn',
    'entra/restore-user': 'fail',
    'entra/restore-user-read-back': 'fail',
    'entra/disable-user': 'fail',
    'entra/disabled-user-still-retrievable': 'fail',
    'entra/disabled-user-still-found-by-filter': 'fail',
    'entra/group-add-member': 'fail',
    'entra/group-add-member-read-back': 'fail',
    'entra/delete-user': 'fail',
  },
  'readonly-attributes-rejected': {
    'rfc7644/user-put-ignores-readonly-attributes': 'fail',
  },
  'spc-incomplete': {
    'rfc7644/discovery-service-provider-config': 'fail',
  },
  'schema-by-urn-404': {
    'rfc7644/discovery-schema-by-urn': 'warn',
  },
  'if-none-match-ignored': {
    'rfc7644/user-if-none-match-returns-304': 'warn',
  },
  'sort-order-ignored': {
    'rfc7644/list-sort-by-username': 'warn',
  },
  'group-get-by-id-404': {
    'rfc7644/group-get-by-id': 'fail',
    'rfc7644/group-members-returned-on-request': 'fail',
    'rfc7644/group-patch-remove-member-read-back': 'fail',
    'rfc7644/group-patch-add-member-read-back': 'fail',
    'rfc7644/group-put-read-back': 'fail',
    'entra/group-add-member-read-back': 'fail',
    'entra/get-group-excluding-members': 'fail',
    'entra/group-remove-member-read-back': 'fail',
    'entra/group-rename-read-back': 'fail',
  },
  'group-patch-405': {
    'rfc7644/group-patch-remove-member': 'fail',
    'rfc7644/group-patch-remove-member-read-back': 'fail',
    'rfc7644/group-patch-add-member': 'fail',
    'entra/group-add-member': 'fail',
    'entra/group-add-member-read-back': 'fail',
    'entra/group-remove-member': 'fail',
    'entra/group-rename': 'fail',
    'entra/group-rename-read-back': 'fail',
    'entra/create-duplicate-group': 'fail',
  },
  'group-patch-remove-ignored': {
    'rfc7644/group-patch-remove-member-read-back': 'fail',
    'entra/group-remove-member-read-back': 'fail',
  },
  'group-delete-returns-200': {
    'rfc7644/group-delete-returns-204': 'fail',
    'entra/delete-group': 'fail',
  },
  'uppercase-filter-rejected': {
    'entra/filter-user-different-case': 'fail',
  },
  // Caught by rfc7644/filters (test/suites/rfc7644-filters.spec.ts); no rfc7644 or entra step relies on them.
  'filter-names-case-sensitive': {},
  'filter-grouping-ignored': {},
  'filter-value-path-any-element': {},
  'filter-ge-le-exclusive': {},
  'filter-case-exact-ignored': {},
  'unknown-attribute-filter-500': {},
  'duplicate-group-names-allowed': { 'entra/create-duplicate-group': 'fail' },
  'unmapped-attributes-dropped': {
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
  },
  'error-status-number': {
    'rfc7644/request-without-credentials-returns-401': 'fail',
    'rfc7644/list-invalid-filter-returns-400': 'fail',
    'rfc7644/user-duplicate-username-returns-409': 'fail',
    'rfc7644/user-create-invalid-json-returns-400': 'fail',
    'rfc7644/group-deleted-returns-404': 'fail',
    'rfc7644/user-deleted-returns-404': 'fail',
    'rfc7644/user-delete-unknown-id-returns-404': 'fail',
    'entra/create-duplicate-group': 'fail',
  },

  'emails-primary-as-string': {
    'rfc7644/user-create-returns-201': 'fail',
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
    'entra/create-manager-user': 'fail',
  },

  'meta-created-not-datetime': {
    'rfc7644/user-create-returns-201': 'fail',
    'entra/create-manager-user': 'fail',
  },

  'schemas-missing-characteristics': {
    'rfc7644/discovery-schemas': 'fail',
    'entra/schemas-discovery': 'fail',
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
  },
  // The interop defects run the server in interop mode, whose rules contradict RFC 7644's path-less
  // PATCH and Entra's (path-less replace, Entra's own group schema URI refused as undefined): these
  // failures are the conflict the interop profile is kept apart for (src/suite/profiles.ts).
  'interop-not-declared': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  'interop-pathless-patch-accepted': {
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  'interop-undefined-attributes-accepted': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
  },
  'interop-resource-type-id-differs': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  'interop-username-case-exact': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  'interop-undefined-filter-attribute-ignored': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  'interop-delete-keeps-username': {
    'rfc7644/user-patch-pathless-replace': 'fail',
    'rfc7644/user-patch-pathless-replace-read-back': 'fail',
    'entra/patch-user-pathless-replace': 'warn',
    'entra/patch-user-pathless-replace-read-back': 'warn',
    'entra/create-group': 'fail',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'fail',
    'entra/filter-group-different-case': 'fail',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'fail',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },

  // A server without Groups is RFC-correct and Entra's groups are optional: group steps are n/a
  // (or skip for want of a group); entra-gallery is where it fails (groups are mandatory there).
  'no-groups': {
    'rfc7644/group-create-returns-201': 'n/a',
    'rfc7644/group-get-by-id': 'skip',
    'rfc7644/group-members-returned-on-request': 'skip',
    'rfc7644/group-filter-by-display-name': 'n/a',
    'rfc7644/group-patch-remove-member': 'skip',
    'rfc7644/group-patch-remove-member-read-back': 'skip',
    'rfc7644/group-patch-add-member': 'skip',
    'rfc7644/group-patch-add-member-read-back': 'skip',
    'rfc7644/group-put-replaces-name-and-members': 'skip',
    'rfc7644/group-put-read-back': 'skip',
    'rfc7644/group-delete-returns-204': 'skip',
    'rfc7644/group-deleted-returns-404': 'skip',
    'entra/connection-test-group-filter': 'n/a',
    'entra/create-group': 'n/a',
    'entra/group-add-member': 'skip',
    'entra/group-add-member-read-back': 'skip',
    'entra/filter-existing-group-excluding-members': 'n/a',
    'entra/filter-group-different-case': 'n/a',
    'entra/get-group-excluding-members': 'skip',
    'entra/group-remove-member': 'skip',
    'entra/group-remove-member-read-back': 'skip',
    'entra/group-rename': 'skip',
    'entra/group-rename-read-back': 'skip',
    'entra/create-duplicate-group': 'n/a',
    'entra/delete-group': 'skip',
    'entra/deleted-group-returns-404': 'skip',
  },
  // Caught by entra-gallery (fixtures/expectations.json); these suites PATCH one member at a time and never burst.
  'patch-member-cap': {},
  'ignores-null-update': {
    'rfc7644/user-put-replaces-attributes': 'fail',
    'rfc7644/user-put-read-back': 'fail',
  },
  'list-requests-serialized': {},
  // Caught by rfc7644/writes (test/suites/rfc7644-writes.spec.ts); these rfc7644/entra steps rely on them too.
  'required-attribute-not-enforced': {},
  'create-active-false-ignored': {},
  'multi-valued-sub-attributes-dropped': {
    'entra/get-user-by-id': 'fail',
    'entra/filter-user-by-work-email': 'warn',
    'entra/patch-user-replace-attributes': 'fail',
    'entra/patch-user-replace-attributes-read-back': 'fail',
    'rfc7644/user-every-schema-attribute-read-back': 'warn',
  },
  'extension-dropped-on-create': { 'entra/get-user-by-id': 'fail', 'rfc7644/user-every-schema-attribute-read-back': 'warn' },
  'patch-sub-attribute-replaces-parent': {},
  'patch-value-filter-ignored': {},
  'patch-add-replaces-multi-valued': {},
  'patch-extension-path-ignored': { 'entra/patch-user-add-attributes-read-back': 'fail', 'entra/patch-user-add-manager-read-back': 'warn' },
  'patchop-not-validated': {},
  'no-target-ignored': {},
  'readonly-patch-ignored': {},
  'if-match-ignored': {},
  'client-id-honoured': {},
  // Both suites delete their groups, so a lookup on a server holding only the one group still finds it.
  'group-filter-ignored': {},
  'token-prefix-accepted': {},
  'sort-ignored-with-filter': {},
  'paging-start-index-as-page': {},
  // Pages of at most 2 resources that always start at 1: the rfc7644 page check catches it.
  'paging-start-index-ignored': { 'rfc7644/list-start-index-selects-page': 'fail' },
  'method-not-allowed-404': {},
  'oauth-expired-token-accepted': {},
};

interface Outcome {
  readonly report: RunReport;
  /** Users and Groups still on the server after the run. */
  readonly left: number;
}

async function runSuites(defects: readonly DefectName[]): Promise<Outcome> {
  const server = await startReferenceServer({ port: 0, token: TOKEN, defects });
  try {
    const report = await runPlan(
      { suites: SUITES, variables: { SCIMBaseURL: server.baseUrl, auth: `Bearer ${TOKEN}` }, secrets: ['auth'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 200, timeoutMs: 5_000 },
      { toolVersion: 'test', target: { scimUrl: server.baseUrl }, runOptions: RUN_OPTIONS },
    );
    return { report, left: server.users().length + server.groups().length };
  } finally {
    await server.close();
  }
}

function nonPassing(report: RunReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const suite of report.suites) {
    for (const step of suite.steps) if (step.kind === 'request' && step.verdict !== 'pass') out[step.stepId] = step.verdict;
  }
  return out;
}

const requestSteps = (suite: Suite): RequestStep[] => suite.steps.filter((s): s is RequestStep => s.kind === 'request');

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A front for the reference server that offers less: /ServiceProviderConfig says patch, filter,
 * sort and etag are unsupported, and /ResourceTypes and /Schemas list no Group. Everything else
 * is passed through unchanged.
 */
async function startMinimalFront(target: string): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? '/';
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        const headers = { ...req.headers, host: upstream.host };
        const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers }, resolve);
        forward.on('error', reject);
        forward.end(body);
      });
      let text = (await readBody(answer)).toString('utf8');
      const pathname = path.split('?')[0] ?? '';
      if (pathname.endsWith('/ServiceProviderConfig')) {
        const config = JSON.parse(text) as Record<string, { supported: boolean }>;
        for (const feature of ['patch', 'filter', 'sort', 'etag']) config[feature] = { ...config[feature], supported: false };
        text = JSON.stringify(config);
      }
      if (pathname.endsWith('/ResourceTypes') || pathname.endsWith('/Schemas')) {
        const list = JSON.parse(text) as { Resources: { id: string }[]; totalResults: number };
        list.Resources = list.Resources.filter((r) => !/group/i.test(r.id));
        list.totalResults = list.Resources.length;
        text = JSON.stringify(list);
      }
      const headers = { ...answer.headers };
      delete headers['content-length'];
      res.writeHead(answer.statusCode ?? 502, headers);
      res.end(text === '' ? undefined : text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('rfc7644 and entra suites against the reference server', function () {
  this.timeout(30_000);
  const outcomes = new Map<DefectName | 'none', Outcome>();

  before(async () => {
    const runs = await Promise.all([
      runSuites([]).then((o) => ['none', o] as const),
      ...DEFECT_NAMES.map((d) => runSuites([d]).then((o) => [d, o] as const)),
    ]);
    for (const [name, outcome] of runs) outcomes.set(name, outcome);
  });

  it('the correct server passes every step of both suites, with no warning, and nothing is left behind', () => {
    const outcome = outcomes.get('none');
    expect(outcome).to.not.equal(undefined);
    if (!outcome) return;
    expect(nonPassing(outcome.report)).to.deep.equal({});
    expect(outcome.report.summary.verdict).to.equal('pass');
    expect(outcome.report.suites.map((s) => s.suiteId)).to.deep.equal(['rfc7644', 'entra']);
    for (const c of outcome.report.suites.flatMap((s) => s.cleanup)) expect(c.ok, c.title).to.equal(true);
    expect(outcome.left, 'users and groups left on the server').to.equal(0);
  });

  it('every step of both suites really checks something on the correct server (no gate closed)', () => {
    const outcome = outcomes.get('none');
    for (const step of outcome?.report.suites.flatMap((s) => s.steps) ?? []) {
      expect(step.assertions.length, step.stepId).to.be.greaterThan(0);
      expect(step.assertions.map((a) => a.title).join(' | '), step.stepId).to.not.include('not applicable');
    }
  });

  it('catches each defect okta-spec does not: at least one step fails or warns', () => {
    const uncaught = MUST_CATCH.filter((d) => !Object.values(EXPECTED[d]).some((v) => v === 'fail' || v === 'warn'));
    expect(uncaught).to.deep.equal([]);
  });

  for (const defect of DEFECT_NAMES) {
    const expected = EXPECTED[defect];
    it(`${defect}: exactly ${Object.keys(expected).length} step(s) do not pass, and nothing is left behind`, () => {
      const outcome = outcomes.get(defect);
      expect(outcome).to.not.equal(undefined);
      if (!outcome) return;
      expect(nonPassing(outcome.report)).to.deep.equal(expected);
      expect(outcome.left, 'users and groups left on the server').to.equal(0);
    });
  }

  it('step ids are unique, `<suite>/<kebab-case>`, and every ref resolves', () => {
    for (const suite of SUITES) {
      const ids = requestSteps(suite).map((s) => s.id);
      expect(new Set(ids).size, suite.id).to.equal(ids.length);
      for (const step of requestSteps(suite)) {
        expect(step.id).to.match(new RegExp(`^${suite.id}/[a-z0-9]+(-[a-z0-9]+)*$`));
        expect(step.refs.length, step.id).to.be.greaterThan(0);
        for (const ref of step.refs) expect(isKnownSpecRef(ref), `${step.id}: ${ref}`).to.equal(true);
        expect(step.requirement.length, step.id).to.be.greaterThan(20);
        expect(step.fix.length, step.id).to.be.greaterThan(10);
      }
    }
  });

  it('test data is namespaced scim-conformance-…', () => {
    for (const suite of SUITES) {
      if (suite.initial?.kind !== 'generate') throw new Error(`${suite.id} has no generator`);
      const data = suite.initial.generate(Math.random);
      for (const name of ['userName', 'userName1', 'userName2', 'groupName', 'managerUserName'].filter((n) => data[n] !== undefined)) {
        expect(data[name], `${suite.id} ${name}`).to.match(/^scim-conformance-[a-z]{8}/);
      }
    }
  });

  it('a gated step checks nothing and says not applicable when its capability is not offered; unknown still checks', () => {
    const gated = stepBuilder('test')({
      id: 'gated', title: 't', requirement: 'r', fix: 'f', level: 'required', refs: ['RFC7644-3.4.1'],
      method: 'GET', path: '/Groups/x', gates: [variableGate('groupsAdvertised', 'no groups')], assertions: [status(200)],
    });
    const ctx = (vars: Record<string, string>): VerifyContext => ({ status: 404, headers: {}, text: '', json: undefined, vars: (n) => vars[n] });
    expect(gated.assertions).to.deep.equal([]);
    const off = gated.verify?.(ctx({ groupsAdvertised: 'false' })) ?? [];
    expect(off.map((c) => [c.ok, c.notApplicable])).to.deep.equal([[true, true]]);
    expect(off[0]?.title).to.equal('not applicable: no groups');
    // Unknown is not unsupported: the check runs (and fails on 404).
    expect((gated.verify?.(ctx({})) ?? []).map((c) => c.ok)).to.deep.equal([false]);
    expect((gated.verify?.(ctx({ groupsAdvertised: 'true' })) ?? []).map((c) => c.ok)).to.deep.equal([false]);
  });

  it('a server without PATCH, filter, sort, ETags and Groups gets n/a and "not applicable", never a failure', async () => {
    const server = await startReferenceServer({ port: 0, token: TOKEN });
    const front = await startMinimalFront(server.baseUrl);
    try {
      const report = await runPlan(
        { suites: SUITES, variables: { SCIMBaseURL: front.baseUrl, auth: `Bearer ${TOKEN}` }, secrets: ['auth'], grep: [] },
        { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 200, timeoutMs: 5_000 },
        { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS },
      );
      const steps = report.suites.flatMap((s) => s.steps);
      const withRequires = SUITES.flatMap(requestSteps).filter((s) => (s.requires?.length ?? 0) > 0).map((s) => s.id);
      const notApplicable = steps.filter((s) => s.verdict === 'n/a');
      expect(notApplicable.filter((s) => withRequires.includes(s.stepId)).map((s) => s.stepId)).to.deep.equal(withRequires);
      expect(steps.filter((s) => s.verdict !== 'n/a' && s.verdict !== 'pass').map((s) => `${s.stepId}: ${s.verdict}`)).to.deep.equal([]);
      // The Group steps' own gate (the suite's discovery step found no Group resource type): n/a, saying why.
      const groupSteps = notApplicable.filter((s) => !withRequires.includes(s.stepId));
      expect(groupSteps.length).to.be.greaterThan(10);
      for (const step of groupSteps) {
        expect(step.stepId).to.match(/^(rfc7644|entra)\/.*group/);
        expect(step.reason, step.stepId).to.match(/^not applicable: .*(Group|group)/);
        expect(step.runscopeVerdict).to.equal('skip');
      }
      expect(server.users().length + server.groups().length).to.equal(0);
    } finally {
      await front.close();
      await server.close();
    }
  });

  it('steps that need PATCH, filter, sort or ETags declare it in `requires` (engine discovery makes them n/a)', () => {
    const needs = (id: string): readonly string[] => requestSteps(rfc7644Suite).find((s) => s.id === `rfc7644/${id}`)?.requires ?? [];
    expect(needs('user-patch-deactivate')).to.deep.equal(['patch']);
    expect(needs('group-patch-add-member')).to.deep.equal(['patch']);
    expect(needs('list-invalid-filter-returns-400')).to.deep.equal(['filter']);
    expect(needs('list-sort-by-username')).to.deep.equal(['sort']);
    expect(needs('user-etag-matches-meta-version')).to.deep.equal(['etag']);
    expect(needs('user-create-returns-201')).to.deep.equal([]);
  });
});
