import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { findKey, isJsonObject } from '../scim/json-value.js';
import { normalizeResourceInput } from '../scim/resource-input.js';
import { findResource } from './find-resource.js';
import { putBodyByDefect } from './gallery-defects.js';
import { headerOf, jsonBodyOf, type HandlerRequest } from './handler-request.js';
import { assertInteropResource } from './interop-rules.js';
import { assertCustomExtension, schemaSetOf } from './custom-extension.js';
import { listQueryFromSearchParams } from './list-query.js';
import { checkIfMatch } from './preconditions.js';
import { etagOf, presentResource } from './representation.js';
import type { ResourceKind } from './resource-store.js';
import { jsonResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';
import { assertUnique } from './uniqueness.js';
import { applyPostWriteDefects, applyWriteRules } from './write-rules.js';
import { ifMatchByWriteDefects } from './write-defects.js';

/**
 * PUT /Users/{id}, PUT /Groups/{id} (RFC7644-3.5.1): the body replaces the resource —
 * readWrite attributes it omits are cleared, readOnly ones in it (`id`, `meta`, `groups`;
 * Okta echoes its GET) are ignored — then 200 with the new representation.
 * Defects: `readonly-attributes-rejected`, `deactivate-deletes`, `if-match-ignored` (and the write rules').
 */
export function replaceResource(context: ServerContext, kind: ResourceKind, id: string, request: HandlerRequest): ScimResponse {
  const existing = findResource(context, kind, id);
  checkIfMatch(ifMatchByWriteDefects(context.defects, headerOf(request, 'if-match')), existing);
  const body = putBodyByDefect(context, jsonBodyOf(request, context), existing.attributes);
  if (context.defects.has('readonly-attributes-rejected') && isJsonObject(body)) {
    const readOnly = ['id', 'meta'].find((name) => findKey(body, name) !== undefined);
    if (readOnly !== undefined) {
      throw new ScimErrorResponse(scimError(400, `Attribute ${readOnly} is readOnly and must not be sent`, 'mutability'));
    }
  }
  assertInteropResource(context, body, schemaSetOf(context, kind));
  const input = normalizeResourceInput(body, schemaSetOf(context, kind));
  if (input.kind === 'invalid') throw new ScimErrorResponse(input.error);
  assertCustomExtension(context, kind, input.attributes);
  const attributes = applyWriteRules(context, kind, 'replace', input.attributes, existing);
  assertUnique(context, kind, attributes, id);
  const stored = context.store.update(kind, id, attributes);
  const projection = listQueryFromSearchParams(request.query, context.defects).projection;
  const representation = presentResource(context, kind, stored, projection);
  applyPostWriteDefects(context, kind, stored);
  return jsonResponse(200, representation, { ETag: etagOf(stored) });
}
