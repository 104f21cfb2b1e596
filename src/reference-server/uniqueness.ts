import { ScimErrorResponse, scimError } from '../scim/errors.js';
import type { JsonObject } from '../scim/json-value.js';
import type { ResourceKind } from './resource-store.js';
import { assertUserNameNotReserved } from './interop-rules.js';
import type { ServerContext } from './server-context.js';

/**
 * Throws 409 `uniqueness` (RFC7644-3.3, RFC7644-3.12) when another resource of `kind`
 * already has the same userName (Users; caseExact false so compared case-insensitively,
 * RFC7643-4.1.1) or displayName (Groups; this server keeps group names unique and
 * advertises it in /Schemas). `exceptId` is the resource being replaced.
 * Defects `no-uniqueness` and `filter-lookup-broken` skip the User check,
 * `duplicate-group-names-allowed` the Group check; `interop-username-case-exact` compares
 * userNames case-sensitively.
 */
export function assertUnique(context: ServerContext, kind: ResourceKind, attributes: JsonObject, exceptId?: string): void {
  const attribute = kind === 'User' ? 'userName' : 'displayName';
  if (kind === 'User' && (context.defects.has('no-uniqueness') || context.defects.has('filter-lookup-broken'))) return;
  if (kind === 'Group' && context.defects.has('duplicate-group-names-allowed')) return;
  // Defect `interop-username-case-exact`: only an exact-case userName clashes.
  const exactCase = kind === 'User' && context.defects.has('interop-username-case-exact');
  const wanted = attributes[attribute];
  if (typeof wanted !== 'string') return;
  if (kind === 'User') assertUserNameNotReserved(context, wanted);
  // The store's name index is case-insensitive: one lookup, not a walk of every resource.
  const clash = context.store.findByName(kind, wanted).find((resource) => resource.id !== exceptId && (!exactCase || resource.attributes[attribute] === wanted));
  if (clash !== undefined) {
    throw new ScimErrorResponse(
      scimError(409, `A ${kind} with ${attribute} ${JSON.stringify(wanted)} already exists (id ${clash.id})`, 'uniqueness'),
    );
  }
}
