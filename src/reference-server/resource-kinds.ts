import {
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA_SET,
  USER_RESOURCE_TYPE,
  USER_SCHEMA_SET,
  type ResourceSchemaSet,
  type ResourceTypeDefinition,
} from '../scim/schemas.js';
import type { ResourceKind } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/** What the server needs to know about a writable resource type. */
export interface ResourceKindInfo {
  readonly kind: ResourceKind;
  readonly resourceType: ResourceTypeDefinition;
  readonly schemas: ResourceSchemaSet;
}

/** Users and Groups (RFC7643-4.1, RFC7643-4.2). */
export const RESOURCE_KINDS: { readonly [kind in ResourceKind]: ResourceKindInfo } = {
  User: { kind: 'User', resourceType: USER_RESOURCE_TYPE, schemas: USER_SCHEMA_SET },
  Group: { kind: 'Group', resourceType: GROUP_RESOURCE_TYPE, schemas: GROUP_SCHEMA_SET },
};

/** The absolute URI of a resource: `meta.location` and the `Location` header (RFC7644-3.1). */
export function locationOf(context: ServerContext, kind: ResourceKind, id: string): string {
  return `${context.baseUrl}${RESOURCE_KINDS[kind].resourceType.endpoint}/${encodeURIComponent(id)}`;
}
