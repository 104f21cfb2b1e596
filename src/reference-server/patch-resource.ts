import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { isJsonArray, isJsonObject, readKey, type JsonValue } from '../scim/json-value.js';
import { applyPatch } from '../scim/patch.js';
import { normalizeResourceInput } from '../scim/resource-input.js';
import { findResource } from './find-resource.js';
import { patchBodyByDefect } from './gallery-defects.js';
import { headerOf, jsonBodyOf, type HandlerRequest } from './handler-request.js';
import { assertInteropPatch } from './interop-rules.js';
import { schemaSetOf } from './custom-extension.js';
import { listQueryFromSearchParams } from './list-query.js';
import { ifMatchByWriteDefects, patchBodyByWriteDefects, toleratedByWriteDefects } from './write-defects.js';
import { checkIfMatch } from './preconditions.js';
import { etagOf, presentResource, renderResource } from './representation.js';
import type { ResourceKind } from './resource-store.js';
import { jsonResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';
import { assertUnique } from './uniqueness.js';
import { applyPostWriteDefects, applyWriteRules } from './write-rules.js';

/**
 * PATCH /Users/{id}, PATCH /Groups/{id} (RFC7644-3.5.2) with src/scim/patch.ts semantics.
 * Always answers 200 with the resource (RFC7644-3.5.2 allows 200 with body or 204; a body
 * is more useful to clients and Okta accepts both). A PATCH that changes nothing keeps
 * `meta.lastModified` and the version. Defects: `patch-op-case-sensitive`,
 * `patch-string-boolean-rejected`, `patch-pathless-rejected`, `deactivate-deletes` (and the
 * write rules').
 */
export function patchResource(context: ServerContext, kind: ResourceKind, id: string, request: HandlerRequest): ScimResponse {
  const existing = findResource(context, kind, id);
  checkIfMatch(ifMatchByWriteDefects(context.defects, headerOf(request, 'if-match')), existing);
  const body = patchBodyByDefect(context, jsonBodyOf(request, context));
  rejectByDefect(context, body);
  assertInteropPatch(context, body);

  const schemas = schemaSetOf(context, kind);
  const patched = applyPatch(renderResource(context, kind, existing), patchBodyByWriteDefects(context.defects, body), schemas);
  if (patched.kind === 'failed' && !toleratedByWriteDefects(context.defects, patched.error)) throw new ScimErrorResponse(patched.error);
  if (patched.kind === 'failed') {
    return jsonResponse(200, presentResource(context, kind, existing, listQueryFromSearchParams(request.query, context.defects).projection), { ETag: etagOf(existing) });
  }
  const input = normalizeResourceInput(patched.resource, schemas);
  if (input.kind === 'invalid') throw new ScimErrorResponse(input.error);
  const attributes = applyWriteRules(context, kind, 'patch', input.attributes, existing);
  assertUnique(context, kind, attributes, id);
  const stored = patched.changed ? context.store.update(kind, id, attributes) : existing;
  const projection = listQueryFromSearchParams(request.query, context.defects).projection;
  const representation = presentResource(context, kind, stored, projection);
  applyPostWriteDefects(context, kind, stored);
  return jsonResponse(200, representation, { ETag: etagOf(stored) });
}

/** The PATCH dialect defects: reject what a stricter (wrong) server would reject. */
function rejectByDefect(context: ServerContext, body: unknown): void {
  const operations = isJsonObject(body) ? readKey(body, 'Operations') : undefined;
  if (!isJsonArray(operations)) return;
  for (const operation of operations.filter(isJsonObject)) {
    const op = readKey(operation, 'op');
    if (context.defects.has('patch-op-case-sensitive') && typeof op === 'string' && op !== op.toLowerCase()) {
      throw new ScimErrorResponse(scimError(400, `Unknown op ${JSON.stringify(op)}`, 'invalidSyntax'));
    }
    if (context.defects.has('patch-pathless-rejected') && readKey(operation, 'path') === undefined) {
      throw new ScimErrorResponse(scimError(400, 'Every operation needs a "path"', 'invalidPath'));
    }
    if (context.defects.has('patch-string-boolean-rejected') && containsBooleanString(readKey(operation, 'value'))) {
      throw new ScimErrorResponse(scimError(400, 'Boolean values must be JSON booleans', 'invalidValue'));
    }
  }
}

function containsBooleanString(value: JsonValue | undefined): boolean {
  if (typeof value === 'string') return ['true', 'false'].includes(value.trim().toLowerCase());
  if (isJsonObject(value)) return Object.values(value).some(containsBooleanString);
  return false;
}
