import { findResource } from './find-resource.js';
import { headerOf, type HandlerRequest } from './handler-request.js';
import { removeFromAllGroups } from './members.js';
import { checkIfMatch } from './preconditions.js';
import type { ResourceKind } from './resource-store.js';
import type { ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';

/**
 * DELETE /Users/{id}, DELETE /Groups/{id} (RFC7644-3.6): 204 without body; the resource is
 * gone (later requests get 404) and it leaves every Group it was a member of.
 */
export function deleteResource(context: ServerContext, kind: ResourceKind, id: string, request: HandlerRequest): ScimResponse {
  const existing = findResource(context, kind, id);
  checkIfMatch(headerOf(request, 'if-match'), existing);
  context.store.delete(kind, id);
  removeFromAllGroups(context, id);
  return { status: 204 };
}
