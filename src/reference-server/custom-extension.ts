/**
 * The custom-extension variant of the reference server (`customExtension: true`): a correct
 * server whose User resource type requires a vendor extension with a required attribute, the way
 * many SaaS applications require a cost centre or a tenant key. /Schemas describes it and
 * /ResourceTypes lists it as a required schemaExtension (RFC7643-6), and a User POST or PUT
 * without it is refused with 400 invalidValue. A runner that sends only fixed bodies cannot test
 * such a server at all; one that builds its payloads from /Schemas can (issue 9 item 2).
 */
import { ScimErrorResponse, scimError } from '../scim/errors.js';
import type { JsonObject } from '../scim/json-value.js';
import { isJsonObject } from '../scim/json-value.js';
import type { ResourceSchemaSet, ResourceTypeDefinition, SchemaDefinition } from '../scim/schemas.js';
import { RESOURCE_KINDS } from './resource-kinds.js';
import type { ResourceKind } from './resource-store.js';
import type { ServerContext } from './server-context.js';

/** The vendor extension's URN. */
export const CUSTOM_EXTENSION_URN = 'urn:example:params:scim:schemas:extension:acme:2.0:User';

/** The vendor extension: a required `costCenterCode`, an optional integer `badgeNumber`. */
export const CUSTOM_EXTENSION_SCHEMA: SchemaDefinition = {
  id: CUSTOM_EXTENSION_URN,
  name: 'AcmeUser',
  description: 'Acme\'s attributes of a User (a required custom extension)',
  attributes: [
    {
      name: 'costCenterCode', type: 'string', multiValued: false, description: 'The cost centre the user is billed to. REQUIRED.',
      required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
    },
    {
      name: 'badgeNumber', type: 'integer', multiValued: false, description: 'The number on the user\'s badge.',
      required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none',
    },
  ],
};

/** The schemas of a resource kind as this server serves them. */
export function schemaSetOf(context: ServerContext, kind: ResourceKind): ResourceSchemaSet {
  const set = RESOURCE_KINDS[kind].schemas;
  return context.customExtension && kind === 'User' ? { ...set, extensions: [...set.extensions, CUSTOM_EXTENSION_SCHEMA] } : set;
}

/** The User resource type with the required extension listed (RFC7643-6 schemaExtensions). */
export function resourceTypeOf(context: ServerContext, type: ResourceTypeDefinition): ResourceTypeDefinition {
  if (!context.customExtension || type.id !== 'User') return type;
  return { ...type, schemaExtensions: [...type.schemaExtensions, { schema: CUSTOM_EXTENSION_URN, required: true }] };
}

/** Throws 400 invalidValue when a User's normalised attributes lack the required custom attribute. */
export function assertCustomExtension(context: ServerContext, kind: ResourceKind, attributes: JsonObject): void {
  if (!context.customExtension || kind !== 'User') return;
  const extension = attributes[CUSTOM_EXTENSION_URN];
  const value = isJsonObject(extension) ? extension['costCenterCode'] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ScimErrorResponse(scimError(400, `Attribute ${CUSTOM_EXTENSION_URN}:costCenterCode is required (the User resource type requires that extension)`, 'invalidValue'));
  }
}
