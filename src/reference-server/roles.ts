import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { compileScimFilter } from '../scim/filter.js';
import type { JsonObject } from '../scim/json-value.js';
import { projectResource } from '../scim/projection.js';
import { ROLE_RESOURCE_TYPE, ROLE_SCHEMA_SET } from '../scim/schemas.js';
import { sortResources } from '../scim/sort.js';
import { OKTA_ROLE_SCHEMA_URN } from '../scim/urns.js';
import { buildListResponse, paginate } from './list-response.js';
import type { ListQuery } from './list-query.js';
import type { ServerContext } from './server-context.js';

/** The three static roles of the read-only /Roles endpoint (Okta entitlements, okta-wire.md §1.12). */
const ROLES: readonly { readonly id: string; readonly displayName: string; readonly description: string }[] = [
  { id: 'admin', displayName: 'Administrator', description: 'Full access to the application.' },
  { id: 'editor', displayName: 'Editor', description: 'Can create and change content.' },
  { id: 'viewer', displayName: 'Viewer', description: 'Read-only access.' },
];

/**
 * GET /Roles: a ListResponse of roles, filtered, sorted and paged like Users (Okta's
 * Entitlements test sends `?count=1&startIndex=1` and expects itemsPerPage 1).
 */
export function listRoles(context: ServerContext, query: ListQuery): JsonObject {
  let roles = ROLES.map((role) => roleResource(context, role));
  if (query.filter !== undefined && !context.defects.has('filter-ignored')) {
    const compiled = compileScimFilter(query.filter, ROLE_SCHEMA_SET);
    if (compiled.kind === 'invalid') throw new ScimErrorResponse(compiled.error);
    roles = roles.filter(compiled.matches);
  }
  const ordered = query.sortBy === undefined ? roles : sortResources(roles, query.sortBy, query.sortOrder, ROLE_SCHEMA_SET);
  const page = paginate(ordered, query, context.defects);
  const resources = page.items.map((role) => projectResource(role, ROLE_SCHEMA_SET, query.projection));
  return buildListResponse(resources, roles.length, page.startIndex, context.defects);
}

/** GET /Roles/{id}, or a thrown 404. */
export function getRole(context: ServerContext, id: string): JsonObject {
  const role = ROLES.find((candidate) => candidate.id === id);
  if (role === undefined) throw new ScimErrorResponse(scimError(404, `Role ${JSON.stringify(id)} not found`));
  return roleResource(context, role);
}

function roleResource(context: ServerContext, role: (typeof ROLES)[number]): JsonObject {
  return {
    schemas: [OKTA_ROLE_SCHEMA_URN],
    id: role.id,
    displayName: role.displayName,
    description: role.description,
    meta: { resourceType: ROLE_RESOURCE_TYPE.name, location: `${context.baseUrl}${ROLE_RESOURCE_TYPE.endpoint}/${role.id}` },
  };
}
