import { findResource } from './find-resource.js';
import { rememberDeletedUserName } from './interop-rules.js';
import { headerOf, type HandlerRequest } from './handler-request.js';
import { removeFromAllGroups } from './members.js';
import { checkIfMatch } from './preconditions.js';
import { ifMatchByWriteDefects } from './write-defects.js';
import type { ResourceKind } from './resource-store.js';
import { presentResource } from './representation.js';
import { jsonResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';

/**
 * DELETE /Users/{id}, DELETE /Groups/{id} (RFC7644-3.6): 204 without body; the resource is
 * gone (later requests get 404) and it leaves every Group it was a member of. Defect:
 * `group-delete-returns-200` (200 with the deleted Group), `if-match-ignored` (a stale If-Match deletes).
 */
export function deleteResource(context: ServerContext, kind: ResourceKind, id: string, request: HandlerRequest): ScimResponse {
  const existing = findResource(context, kind, id);
  checkIfMatch(ifMatchByWriteDefects(context.defects, headerOf(request, 'if-match')), existing);
  const deleted = kind === 'Group' && context.defects.has('group-delete-returns-200') ? presentResource(context, kind, existing, {}) : undefined;
  rememberDeletedUserName(context, kind, existing.attributes);
  context.store.delete(kind, id);
  removeFromAllGroups(context, id);
  return deleted === undefined ? { status: 204 } : jsonResponse(200, deleted);
}
