import { ScimErrorResponse, scimError, type ScimError } from '../scim/errors.js';
import type { ResourceKind, StoredResource } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/**
 * The stored resource of `kind` with `id`, or a thrown 404 SCIM error with `detail`
 * (RFC7644-3.12; Okta SPEC checks status "404" and detail). The `unknown-id-400` defect
 * answers 400 instead.
 */
export function findResource(context: ServerContext, kind: ResourceKind, id: string): StoredResource {
  const stored = context.store.get(kind, id);
  if (stored !== undefined) return stored;
  if (context.defects.has('unknown-id-400')) {
    throw new ScimErrorResponse(scimError(400, `Invalid ${kind} id ${JSON.stringify(id)}`, 'invalidValue'));
  }
  throw new ScimErrorResponse(resourceNotFound(kind, id));
}

/** The 404 error for a missing resource. */
export function resourceNotFound(kind: ResourceKind, id: string): ScimError {
  return scimError(404, `${kind} ${JSON.stringify(id)} not found`);
}
