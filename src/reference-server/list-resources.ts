import { scimError, ScimErrorResponse } from '../scim/errors.js';
import type { JsonObject } from '../scim/json-value.js';
import { USER_SCHEMA, USER_SCHEMA_SET, type ResourceSchemaSet } from '../scim/schemas.js';
import { sortResources } from '../scim/sort.js';
import { compileServedFilter } from './filter-defects.js';
import { ignoresUndefinedFilterAttribute } from './interop-rules.js';
import { buildListResponse, paginate } from './list-response.js';
import type { ListQuery } from './list-query.js';
import { presentResource, searchableResource } from './representation.js';
import { RESOURCE_KINDS } from './resource-kinds.js';
import { NAME_ATTRIBUTE, type ResourceKind, type StoredResource } from './resource-store.js';
import { errorResponse, jsonResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';

/** The User schemas as the `username-case-sensitive` defect sees them: userName caseExact. */
const CASE_SENSITIVE_USER_SCHEMAS: ResourceSchemaSet = {
  ...USER_SCHEMA_SET,
  core: {
    ...USER_SCHEMA,
    attributes: USER_SCHEMA.attributes.map((attribute) =>
      attribute.name === 'userName' ? { ...attribute, caseExact: true } : attribute,
    ),
  },
};

/**
 * GET /Users, /Groups, and POST /{type}/.search (RFC7644-3.4.2, RFC7644-3.4.3): filter,
 * sort, then page, and answer a ListResponse (200 even when nothing matches).
 */
export function listResources(context: ServerContext, kinds: readonly ResourceKind[], query: ListQuery): ScimResponse {
  const selected = kinds.map((kind) => ({ kind, items: selectResources(context, kind, query.filter) }));
  // Scale (issue 10): one kind, unsorted — page the store's own list, so a scan costs O(page) per request.
  const only = selected.length === 1 && query.sortBy === undefined ? selected[0] : undefined;
  if (only !== undefined) {
    if (query.filter !== undefined && only.items.length === 0 && context.defects.has('empty-filter-404')) {
      return errorResponse(scimError(404, `No resource matches the filter ${query.filter}`), context.defects);
    }
    const page = paginate(only.items, query, context.defects);
    const resources = page.items.map((stored) => presentResource(context, only.kind, stored, query.projection));
    return jsonResponse(200, buildListResponse(resources, only.items.length, page.startIndex, context.defects));
  }
  const matched = selected.flatMap(({ kind, items }) => items.map((stored) => ({ kind, stored })));
  if (query.filter !== undefined && matched.length === 0 && context.defects.has('empty-filter-404')) {
    return errorResponse(scimError(404, `No resource matches the filter ${query.filter}`), context.defects);
  }
  const ordered = query.sortBy === undefined || (query.filter !== undefined && context.defects.has('sort-ignored-with-filter')) ? matched : sortEntries(context, matched, query.sortBy, query);
  const page = paginate(ordered, query, context.defects);
  const resources = page.items.map(({ kind, stored }) => presentResource(context, kind, stored, query.projection));
  return jsonResponse(200, buildListResponse(resources, matched.length, page.startIndex, context.defects));
}

/** The stored resources of `kind` that `filter` selects (all when there is no filter). */
function selectResources(context: ServerContext, kind: ResourceKind, filter: string | undefined): readonly StoredResource[] {
  const all = context.store.list(kind);
  if (filter === undefined || context.defects.has('filter-ignored')) return all;
  // Defect `group-filter-ignored`: filtering implemented for /Users only.
  if (kind === 'Group' && context.defects.has('group-filter-ignored')) return all;
  if (kind === 'User' && context.defects.has('filter-lookup-broken') && /\buserName\s+eq\b/i.test(filter)) return [];
  if (kind === 'User' && context.defects.has('uppercase-filter-rejected')) rejectUpperCaseUserName(filter);
  const schemas = kind === 'User' && context.defects.has('username-case-sensitive')
    ? CASE_SENSITIVE_USER_SCHEMAS
    : RESOURCE_KINDS[kind].schemas;
  const compiled = compileServedFilter(filter, schemas, context.defects);
  if (compiled.kind === 'none') return [];
  if (compiled.kind === 'invalid') {
    if (ignoresUndefinedFilterAttribute(context, filter, schemas)) return [];
    if (context.defects.has('invalid-filter-500')) {
      throw new ScimErrorResponse(scimError(500, 'Internal server error while evaluating the filter'));
    }
    throw new ScimErrorResponse(compiled.error);
  }
  // The lookup Okta and Entra send before every create (okta-wire.md §1.3, peers.md §3): the
  // case-insensitive name index gives a superset of the matches, which the compiled filter
  // then judges exactly, so a 100 000-user store answers it without a full scan.
  const name = nameEqualsValue(kind, filter);
  const candidates = name === undefined ? all : context.store.findByName(kind, name);
  return candidates.filter((stored) => compiled.matches(searchableResource(context, kind, stored)));
}

/** The value of a filter that is exactly `userName eq "…"` (Users) or `displayName eq "…"` (Groups). */
function nameEqualsValue(kind: ResourceKind, filter: string): string | undefined {
  const attribute = NAME_ATTRIBUTE[kind];
  const match = /^\s*(\S+)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(filter);
  // Escapes are left to the filter parser: only plain literals take the index.
  if (match?.[1]?.toLowerCase() !== attribute.toLowerCase() || match[2] === undefined || match[2].includes('\\')) return undefined;
  try {
    const value: unknown = JSON.parse(match[2]);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The `uppercase-filter-rejected` defect: a userName value is validated as a lower-case user name. */
function rejectUpperCaseUserName(filter: string): void {
  const value = /\buserName\s+eq\s+"([^"]*)"/i.exec(filter)?.[1];
  if (value !== undefined && value !== value.toLowerCase()) {
    throw new ScimErrorResponse(scimError(400, `Invalid userName ${JSON.stringify(value)}: user names are lower case`, 'invalidFilter'));
  }
}

interface Entry {
  readonly kind: ResourceKind;
  readonly stored: StoredResource;
}

/** RFC7644-3.4.2.3: sorting happens before paging. Mixed kinds (root search) sort by User schema. */
function sortEntries(context: ServerContext, entries: readonly Entry[], sortBy: string, query: ListQuery): readonly Entry[] {
  const representations = new Map<JsonObject, Entry>();
  for (const entry of entries) representations.set(searchableResource(context, entry.kind, entry.stored), entry);
  const schemas = entries[0] === undefined ? USER_SCHEMA_SET : RESOURCE_KINDS[entries[0].kind].schemas;
  return sortResources([...representations.keys()], sortBy, query.sortOrder, schemas).flatMap((resource) => {
    const entry = representations.get(resource);
    return entry === undefined ? [] : [entry];
  });
}
