import { ScimErrorResponse } from '../scim/errors.js';
import { normalizeResourceInput } from '../scim/resource-input.js';
import { jsonBodyOf, type HandlerRequest } from './handler-request.js';
import { assertInteropResource } from './interop-rules.js';
import { assertCustomExtension, schemaSetOf } from './custom-extension.js';
import { dropUnmappedAttributes } from './unmapped-attributes.js';
import { listQueryFromSearchParams } from './list-query.js';
import { etagOf, presentResource } from './representation.js';
import { locationOf } from './resource-kinds.js';
import type { ResourceKind } from './resource-store.js';
import { jsonResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';
import { assertUnique } from './uniqueness.js';
import { bodyByCreateDefects, idByCreateDefects } from './write-defects.js';
import { applyWriteRules } from './write-rules.js';

/**
 * POST /Users, POST /Groups (RFC7644-3.3): validate, ignore client `id`/`meta`, assign a
 * UUID, enforce uniqueness (409), and answer 201 with the resource, `Location` and `ETag`.
 * Defects: `post-returns-200`, `no-location-header`, `client-id-honoured` (and the write-rule defects).
 */
export function createResource(context: ServerContext, kind: ResourceKind, request: HandlerRequest): ScimResponse {
  const body = jsonBodyOf(request, context);
  assertInteropResource(context, body, schemaSetOf(context, kind));
  const input = normalizeResourceInput(bodyByCreateDefects(context.defects, kind, body), schemaSetOf(context, kind));
  if (input.kind === 'invalid') throw new ScimErrorResponse(input.error);
  assertCustomExtension(context, kind, input.attributes);
  const attributes = applyWriteRules(context, kind, 'create', dropUnmappedAttributes(context, kind, input.attributes));
  assertUnique(context, kind, attributes);
  const stored = context.store.insert(kind, attributes, idByCreateDefects(context.defects, body, (id) => context.store.get(kind, id) !== undefined));
  const projection = listQueryFromSearchParams(request.query, context.defects).projection;
  const headers: Record<string, string> = { ETag: etagOf(stored) };
  if (!context.defects.has('no-location-header')) headers['Location'] = locationOf(context, kind, stored.id);
  const status = context.defects.has('post-returns-200') ? 200 : 201;
  return jsonResponse(status, presentResource(context, kind, stored, projection), headers);
}
