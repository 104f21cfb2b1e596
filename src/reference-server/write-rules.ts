import { readKey, type JsonObject } from '../scim/json-value.js';
import type { DefectName } from './defects.js';
import { resolveMembers } from './members.js';
import { membersOf } from './representation.js';
import { attributesByCreateDefects } from './write-defects.js';
import type { ResourceKind, StoredResource } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/** Which write produced the attributes. */
export type WriteOperation = 'create' | 'replace' | 'patch';

/**
 * Server rules applied to normalised attributes before they are stored:
 * - Users: `active` defaults to true when unassigned (a service-provider default,
 *   RFC7644-3.3 / RFC7644-3.5.1 "MAY assign a default value"); a writeOnly `password` the
 *   PUT body does not carry is kept (clients cannot read it back to resend it).
 * - Groups: members are resolved and completed ({@link resolveMembers}).
 * The write defects live here too, next to the rule each one breaks: `post-drops-name`,
 * `patch-active-ignored`, `reactivation-ignored`, `group-patch-members-ignored`,
 * `group-patch-remove-ignored`, `group-rename-ignored`, `put-merges`; the create defects of
 * write-defects.ts (`create-active-false-ignored`, `multi-valued-sub-attributes-dropped`,
 * `extension-dropped-on-create`).
 */
export function applyWriteRules(
  context: ServerContext,
  kind: ResourceKind,
  operation: WriteOperation,
  incoming: JsonObject,
  previous?: StoredResource,
): JsonObject {
  const has = (name: DefectName): boolean => context.defects.has(name);
  let attributes = operation === 'replace' && previous !== undefined && has('put-merges')
    ? { ...previous.attributes, ...incoming }
    : incoming;
  const before = previous?.attributes;

  if (kind === 'User') {
    if (operation === 'create' && has('post-drops-name')) {
      const { name: _dropped, ...rest } = attributes;
      attributes = rest;
    }
    if (operation === 'replace' && before?.['password'] !== undefined && attributes['password'] === undefined) {
      attributes = { ...attributes, password: before['password'] };
    }
    if (attributes['active'] === undefined) attributes = { ...attributes, active: true };
    if (operation === 'create') attributes = attributesByCreateDefects(context.defects, attributes);
    if (operation === 'patch' && before !== undefined && has('patch-active-ignored')) {
      attributes = { ...attributes, active: before['active'] ?? true };
    }
    if (before?.['active'] === false && attributes['active'] === true && has('reactivation-ignored')) {
      attributes = { ...attributes, active: false };
    }
    return attributes;
  }

  if (before !== undefined && operation === 'patch' && has('group-patch-members-ignored')) {
    const { members: _new, ...rest } = attributes;
    attributes = before['members'] === undefined ? rest : { ...rest, members: before['members'] };
  }
  if (before !== undefined && operation === 'patch' && has('group-patch-remove-ignored')) {
    const kept = membersOf(attributes);
    const values = new Set(kept.map((member) => readKey(member, 'value')));
    const restored = membersOf(before).filter((member) => !values.has(readKey(member, 'value')));
    if (restored.length > 0) attributes = { ...attributes, members: [...restored, ...kept] };
  }
  if (before !== undefined && operation !== 'create' && has('group-rename-ignored') && before['displayName'] !== undefined) {
    attributes = { ...attributes, displayName: before['displayName'] };
  }
  return resolveMembers(context, attributes);
}

/**
 * After a write: under the `deactivate-deletes` defect a User set to `active: false` is
 * deleted. Returns true when the resource was removed.
 */
export function applyPostWriteDefects(context: ServerContext, kind: ResourceKind, stored: StoredResource): boolean {
  if (kind === 'User' && context.defects.has('deactivate-deletes') && stored.attributes['active'] === false) {
    return context.store.delete('User', stored.id);
  }
  return false;
}
