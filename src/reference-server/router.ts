import { scimError } from '../scim/errors.js';
import { createResource } from './create-resource.js';
import { deleteResource } from './delete-resource.js';
import { getResourceType, getSchema, listResourceTypes, listSchemas, serviceProviderConfig } from './discovery.js';
import { getResource } from './get-resource.js';
import { assertNotGroupDiscovery, groupsOffered, withoutGroups } from './gallery-defects.js';
import { jsonBodyOf, type HandlerRequest } from './handler-request.js';
import { listQueryFromSearchParams, listQueryFromSearchRequest } from './list-query.js';
import { listResources } from './list-resources.js';
import { patchResource } from './patch-resource.js';
import { replaceResource } from './replace-resource.js';
import type { ResourceKind } from './resource-store.js';
import { errorResponse, jsonResponse, type ScimResponse } from './responses.js';
import { getRole, listRoles } from './roles.js';
import type { ServerContext } from './server-context.js';

/** The handlers of one path, by HTTP method. */
type MethodTable = Readonly<Partial<Record<string, () => ScimResponse>>>;

/**
 * Dispatches an authenticated request to its handler (RFC7644-3.2 endpoints). Unknown
 * paths answer 404 and known paths with another method 405 (with `Allow`), both as SCIM
 * Errors; `/Me` and `/Bulk` answer 501 (RFC7644-3.11, RFC7644-3.7: optional, not offered).
 * Handlers may throw ScimErrorResponse; the caller renders it.
 */
export function routeRequest(context: ServerContext, request: HandlerRequest): ScimResponse {
  const table = methodTable(context, request);
  const path = `/${request.segments.join('/')}`;
  if (table === undefined) return errorResponse(scimError(404, `No endpoint ${path}`), context.defects);
  const handler = table[request.method];
  if (handler !== undefined) return handler();
  const allow = Object.keys(table).join(', ');
  // The `method-not-allowed-404` defect: a method a path does not serve is "Endpoint Not Found".
  if (context.defects.has('method-not-allowed-404')) return errorResponse(scimError(404, `Endpoint Not Found: ${request.method} ${path}`), context.defects);
  return errorResponse(scimError(405, `Method ${request.method} is not allowed on ${path}; allowed: ${allow}`), context.defects, {
    Allow: allow,
  });
}

function methodTable(context: ServerContext, request: HandlerRequest): MethodTable | undefined {
  const [first, second, ...rest] = request.segments;
  if (first === undefined || rest.length > 0) return undefined;
  const ok = (body: () => Parameters<typeof jsonResponse>[1]) => () => jsonResponse(200, body());
  const listQuery = () => listQueryFromSearchParams(request.query, context.defects);
  switch (first) {
    case 'Users':
    case 'Groups': {
      const kind: ResourceKind = first === 'Users' ? 'User' : 'Group';
      if (kind === 'Group' && (context.defects.has('no-groups-endpoint') || !groupsOffered(context))) return undefined;
      if (second === undefined) {
        return {
          GET: () => listResources(context, [kind], listQuery()),
          POST: () => createResource(context, kind, request),
        };
      }
      if (second === '.search') {
        return { POST: () => listResources(context, [kind], listQueryFromSearchRequest(jsonBodyOf(request, context), context.defects)) };
      }
      const patchRouted = kind === 'User' || !context.defects.has('group-patch-405');
      return {
        GET: () => getResource(context, kind, second, request),
        PUT: () => replaceResource(context, kind, second, request),
        ...(patchRouted ? { PATCH: () => patchResource(context, kind, second, request) } : {}),
        DELETE: () => deleteResource(context, kind, second, request),
      };
    }
    case 'Roles':
      return second === undefined
        ? { GET: ok(() => listRoles(context, listQuery())) }
        : { GET: ok(() => getRole(context, second)) };
    case 'ServiceProviderConfig':
      return second === undefined ? { GET: ok(() => serviceProviderConfig(context)) } : undefined;
    case 'Schemas':
      if (second !== undefined) assertNotGroupDiscovery(context, second);
      return second === undefined ? { GET: ok(() => withoutGroups(context, listSchemas(context))) } : { GET: ok(() => getSchema(context, second)) };
    case 'ResourceTypes':
      if (second !== undefined) assertNotGroupDiscovery(context, second);
      return second === undefined
        ? { GET: ok(() => withoutGroups(context, listResourceTypes(context))) }
        : { GET: ok(() => getResourceType(context, second)) };
    case '.search': {
      if (second !== undefined) return undefined;
      const kinds: readonly ResourceKind[] = context.defects.has('no-groups-endpoint') || !groupsOffered(context) ? ['User'] : ['User', 'Group'];
      return { POST: () => listResources(context, kinds, listQueryFromSearchRequest(jsonBodyOf(request, context), context.defects)) };
    }
    case 'Me':
    case 'Bulk': {
      const notImplemented = () => errorResponse(scimError(501, `/${first} is not implemented by this service provider`), context.defects);
      return { GET: notImplemented, POST: notImplemented, PUT: notImplemented, PATCH: notImplemented, DELETE: notImplemented };
    }
    default:
      return undefined;
  }
}
