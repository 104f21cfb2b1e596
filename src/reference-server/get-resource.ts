import { ScimErrorResponse } from '../scim/errors.js';
import { findResource, resourceNotFound } from './find-resource.js';
import { headerOf, type HandlerRequest } from './handler-request.js';
import { listQueryFromSearchParams } from './list-query.js';
import { matchesIfNoneMatch } from './preconditions.js';
import { etagOf, presentResource } from './representation.js';
import type { ResourceKind } from './resource-store.js';
import { jsonResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';

/**
 * GET /Users/{id}, GET /Groups/{id} (RFC7644-3.4.1): the resource with `attributes` /
 * `excludedAttributes` applied and an `ETag`; 304 when `If-None-Match` matches
 * (RFC7644-3.14); 404 for an unknown id. Defects: `get-by-id-404`, `group-get-by-id-404`,
 * `if-none-match-ignored`.
 */
export function getResource(context: ServerContext, kind: ResourceKind, id: string, request: HandlerRequest): ScimResponse {
  const brokenLookup = kind === 'User' ? 'get-by-id-404' : 'group-get-by-id-404';
  if (context.defects.has(brokenLookup)) throw new ScimErrorResponse(resourceNotFound(kind, id));
  const stored = findResource(context, kind, id);
  const headers = { ETag: etagOf(stored) };
  const notModified = !context.defects.has('if-none-match-ignored') && matchesIfNoneMatch(headerOf(request, 'if-none-match'), stored);
  if (notModified) return { status: 304, headers };
  const projection = listQueryFromSearchParams(request.query, context.defects).projection;
  return jsonResponse(200, presentResource(context, kind, stored, projection), headers);
}
