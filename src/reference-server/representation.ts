import { isJsonArray, isJsonObject, readKey, type JsonObject, type JsonValue } from '../scim/json-value.js';
import { projectResource, type ProjectionRequest } from '../scim/projection.js';
import { schemaSetOf } from './custom-extension.js';
import { locationOf, RESOURCE_KINDS } from './resource-kinds.js';
import type { ResourceKind, StoredResource } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/** The weak ETag of a stored resource, also its `meta.version` (RFC7644-3.14). */
export function etagOf(stored: StoredResource): string {
  return `W/"${stored.revision}"`;
}

/**
 * The complete representation of a stored resource, before `returned` rules apply:
 * `schemas` (core plus each extension present, RFC7643-3), `id`, the attributes, the
 * computed `groups` of a User (RFC7643-4.1.2, readOnly), and `meta` (RFC7643-3.1).
 * It still holds writeOnly `password`; {@link presentResource} is what clients see.
 */
export function renderResource(context: ServerContext, kind: ResourceKind, stored: StoredResource): JsonObject {
  const info = RESOURCE_KINDS[kind];
  const extensions = schemaSetOf(context, kind).extensions.map((schema) => schema.id).filter((urn) => stored.attributes[urn] !== undefined);
  const groups = kind === 'User' ? groupsOf(context, stored.id) : [];
  return {
    schemas: [info.schemas.core.id, ...extensions],
    id: stored.id,
    ...stored.attributes,
    ...(groups.length > 0 ? { groups } : {}),
    meta: {
      resourceType: info.resourceType.name,
      created: context.defects.has('meta-created-not-datetime') ? Date.parse(stored.created) : stored.created,
      lastModified: stored.lastModified,
      location: locationOf(context, kind, stored.id),
      version: etagOf(stored),
    },
  };
}

/**
 * What a client receives for a resource: {@link renderResource} with `returned` rules and
 * `attributes`/`excludedAttributes` applied (RFC7643-7, RFC7644-3.9), then the
 * representation defects (`no-active-attribute`, `password-returned`, `emails-primary-as-string`).
 */
export function presentResource(
  context: ServerContext,
  kind: ResourceKind,
  stored: StoredResource,
  projection: ProjectionRequest = {},
): JsonObject {
  const full = renderResource(context, kind, stored);
  const projected = projectResource(full, schemaSetOf(context, kind), projection);
  if (kind !== 'User') return projected;
  let presented = projected;
  if (context.defects.has('no-active-attribute')) {
    const { active: _dropped, ...rest } = presented;
    presented = rest;
  }
  const emails = presented['emails'];
  if (context.defects.has('emails-primary-as-string') && isJsonArray(emails)) {
    presented = { ...presented, emails: emails.map((e) => (isJsonObject(e) && typeof e['primary'] === 'boolean' ? { ...e, primary: String(e['primary']) } : e)) };
  }
  const password = stored.attributes['password'];
  if (context.defects.has('password-returned') && password !== undefined) presented = { ...presented, password };
  return presented;
}

/** The representation filters and sorting see: full, minus `returned: never` attributes. */
export function searchableResource(context: ServerContext, kind: ResourceKind, stored: StoredResource): JsonObject {
  return projectResource(renderResource(context, kind, stored), schemaSetOf(context, kind), {});
}

/** The User's groups (RFC7643-4.1.2 "groups"): every Group listing the User as a direct member. */
function groupsOf(context: ServerContext, userId: string): readonly JsonValue[] {
  return context.store
    .list('Group')
    .filter((group) => membersOf(group.attributes).some((member) => readKey(member, 'value') === userId))
    .map((group) => {
      const displayName = group.attributes['displayName'];
      return {
        value: group.id,
        $ref: locationOf(context, 'Group', group.id),
        ...(typeof displayName === 'string' ? { display: displayName } : {}),
        type: 'direct',
      };
    });
}

/** The member objects of a Group's attributes. */
export function membersOf(attributes: JsonObject): readonly JsonObject[] {
  const members = attributes['members'];
  return isJsonArray(members) ? members.filter(isJsonObject) : [];
}
