import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { readKey, type JsonObject } from '../scim/json-value.js';
import { membersOf } from './representation.js';
import { locationOf } from './resource-kinds.js';
import type { ResourceKind } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/**
 * Completes the `members` of Group attributes (RFC7643-4.2): each `value` must be the id of
 * an existing User or Group (else 400 invalidValue — referential integrity is this server's
 * choice); `type` and `$ref` are set from the referenced resource, `display` is kept as sent
 * or filled with its userName / displayName. Duplicate values are collapsed.
 */
export function resolveMembers(context: ServerContext, attributes: JsonObject): JsonObject {
  const members = membersOf(attributes);
  if (members.length === 0) return attributes;
  const seen = new Set<string>();
  const resolved: JsonObject[] = [];
  for (const member of members) {
    const value = readKey(member, 'value');
    if (typeof value !== 'string' || value === '') {
      throw new ScimErrorResponse(scimError(400, 'Every member needs a "value" (the id of a User or Group)', 'invalidValue'));
    }
    if (seen.has(value)) continue;
    seen.add(value);
    const kind: ResourceKind | undefined = context.store.get('User', value) !== undefined
      ? 'User'
      : context.store.get('Group', value) !== undefined ? 'Group' : undefined;
    if (kind === undefined) {
      throw new ScimErrorResponse(scimError(400, `Member ${JSON.stringify(value)} is not the id of an existing User or Group`, 'invalidValue'));
    }
    const target = context.store.get(kind, value);
    const sentDisplay = readKey(member, 'display');
    const fallback = target?.attributes[kind === 'User' ? 'userName' : 'displayName'];
    const display = typeof sentDisplay === 'string' ? sentDisplay : typeof fallback === 'string' ? fallback : undefined;
    resolved.push({
      value,
      $ref: locationOf(context, kind, value),
      ...(display === undefined ? {} : { display }),
      type: kind,
    });
  }
  return { ...attributes, members: resolved };
}

/** Removes `id` from every Group's members (a deleted resource leaves its groups, RFC7644-3.6). */
export function removeFromAllGroups(context: ServerContext, id: string): void {
  for (const group of context.store.list('Group')) {
    const members = membersOf(group.attributes);
    const remaining = members.filter((member) => readKey(member, 'value') !== id);
    if (remaining.length === members.length) continue;
    const { members: _old, ...rest } = group.attributes;
    context.store.update('Group', group.id, remaining.length === 0 ? rest : { ...rest, members: remaining });
  }
}
