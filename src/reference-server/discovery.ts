import { ScimErrorResponse, scimError } from '../scim/errors.js';
import type { JsonObject, JsonValue } from '../scim/json-value.js';
import {
  ENTERPRISE_USER_SCHEMA,
  findSchema,
  GROUP_SCHEMA,
  OKTA_ROLE_SCHEMA,
  ROLE_RESOURCE_TYPE,
  USER_SCHEMA,
  type AttributeDefinition,
  type ResourceTypeDefinition,
  type SchemaDefinition,
} from '../scim/schemas.js';
import {
  RESOURCE_TYPE_SCHEMA_URN,
  SCHEMA_SCHEMA_URN,
  SERVICE_PROVIDER_CONFIG_SCHEMA_URN,
} from '../scim/urns.js';
import { CUSTOM_EXTENSION_SCHEMA, resourceTypeOf } from './custom-extension.js';
import { buildListResponse } from './list-response.js';
import { MAX_RESULTS } from './list-query.js';
import { RESOURCE_KINDS } from './resource-kinds.js';
import type { ServerContext } from './server-context.js';

/**
 * The Group schema as this server implements it: displayName unique (the server answers
 * 409 on duplicates), so /Schemas says so (schema honesty, peers.md §4 #4).
 */
const SERVED_GROUP_SCHEMA: SchemaDefinition = {
  ...GROUP_SCHEMA,
  attributes: GROUP_SCHEMA.attributes.map((attribute) =>
    attribute.name === 'displayName' ? { ...attribute, uniqueness: 'server' } : attribute,
  ),
};

/** The schemas /Schemas serves (RFC7644-4): User, EnterpriseUser, Group, Okta Role. */
const SERVED_SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, SERVED_GROUP_SCHEMA, OKTA_ROLE_SCHEMA];

/** What /Schemas says: with `duplicate-group-names-allowed`, honestly, that displayName is not unique. */
function servedSchemas(context: ServerContext): readonly SchemaDefinition[] {
  if (context.defects.has('interop-username-case-exact')) {
    return [{ ...USER_SCHEMA, attributes: USER_SCHEMA.attributes.map((a) => (a.name === 'userName' ? { ...a, caseExact: true } : a)) }, ENTERPRISE_USER_SCHEMA, SERVED_GROUP_SCHEMA, OKTA_ROLE_SCHEMA];
  }
  const served = context.defects.has('duplicate-group-names-allowed') ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, OKTA_ROLE_SCHEMA] : SERVED_SCHEMAS;
  return context.customExtension ? [...served, CUSTOM_EXTENSION_SCHEMA] : served;
}

/** The resource types /ResourceTypes serves (RFC7644-4). */
const SERVED_RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [
  RESOURCE_KINDS.User.resourceType,
  RESOURCE_KINDS.Group.resourceType,
  ROLE_RESOURCE_TYPE,
];

/**
 * GET /ServiceProviderConfig (RFC7643-5, RFC7644-4): PATCH, sort, ETag and password change
 * supported; bulk not; filter with `maxResults` {@link MAX_RESULTS}; OAuth bearer token auth.
 * Defect: `spc-incomplete` (bulk and changePassword left out).
 */
export function serviceProviderConfig(context: ServerContext): JsonObject {
  const incomplete = context.defects.has('spc-incomplete');
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA_URN],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    ...(incomplete ? {} : { bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 } }),
    filter: { supported: true, maxResults: MAX_RESULTS },
    ...(incomplete ? {} : { changePassword: { supported: true } }),
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with a bearer token in the Authorization header (RFC 6750)',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${context.baseUrl}/ServiceProviderConfig` },
    // draft-zollner-scim-interop-profile: a conformant server says so (interop mode only).
    ...(context.interop && !context.defects.has('interop-not-declared') ? { interopProfileConformant: true } : {}),
  };
}

/** GET /Schemas: a ListResponse of every served schema (RFC7644-4; query parameters are ignored). */
export function listSchemas(context: ServerContext): JsonObject {
  const resources = servedSchemas(context).map((schema) => schemaResource(context, schema));
  return buildListResponse(resources, resources.length, 1, context.defects);
}

/** GET /Schemas/{urn} (RFC7644-4), or a thrown 404. Defect: `schema-by-urn-404`. */
export function getSchema(context: ServerContext, urn: string): JsonObject {
  const schema = context.defects.has('schema-by-urn-404') ? undefined : findSchema(urn, servedSchemas(context));
  if (schema === undefined) throw new ScimErrorResponse(scimError(404, `Schema ${JSON.stringify(urn)} not found`));
  return schemaResource(context, schema);
}

/** GET /ResourceTypes: a ListResponse of User, Group and Role (RFC7644-4). */
export function listResourceTypes(context: ServerContext): JsonObject {
  const resources = SERVED_RESOURCE_TYPES.map((type) => resourceTypeResource(context, resourceTypeOf(context, type)));
  return buildListResponse(resources, resources.length, 1, context.defects);
}

/** GET /ResourceTypes/{name} (RFC7644-4), names compared case-insensitively, or a thrown 404. */
export function getResourceType(context: ServerContext, name: string): JsonObject {
  const type = SERVED_RESOURCE_TYPES.find((candidate) => candidate.id.toLowerCase() === name.toLowerCase());
  if (type === undefined) throw new ScimErrorResponse(scimError(404, `ResourceType ${JSON.stringify(name)} not found`));
  return resourceTypeResource(context, resourceTypeOf(context, type));
}

function schemaResource(context: ServerContext, schema: SchemaDefinition): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA_URN],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map((a) => attributeResource(a, context.defects.has('schemas-missing-characteristics'))),
    meta: { resourceType: 'Schema', location: `${context.baseUrl}/Schemas/${schema.id}` },
  };
}

/** RFC7643-7 attribute representation; optional characteristics appear only when set (no nulls). */
function attributeResource(attribute: AttributeDefinition, withoutCharacteristics = false): JsonObject {
  const optional: Record<string, JsonValue> = {};
  if (attribute.canonicalValues !== undefined) optional['canonicalValues'] = attribute.canonicalValues;
  if (attribute.referenceTypes !== undefined) optional['referenceTypes'] = attribute.referenceTypes;
  if (attribute.subAttributes !== undefined) optional['subAttributes'] = attribute.subAttributes.map((a) => attributeResource(a, withoutCharacteristics));
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    // Defect `schemas-missing-characteristics`: the four characteristics left out.
    ...(withoutCharacteristics ? {} : {
      caseExact: attribute.caseExact,
      mutability: attribute.mutability,
      returned: attribute.returned,
      uniqueness: attribute.uniqueness,
    }),
    ...optional,
  };
}

function resourceTypeResource(context: ServerContext, type: ResourceTypeDefinition): JsonObject {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA_URN],
    // Defect `interop-resource-type-id-differs`: an id that is not the name.
    id: context.defects.has('interop-resource-type-id-differs') ? `urn:example:resource-type:${type.id}` : type.id,
    name: type.name,
    description: type.description,
    endpoint: type.endpoint,
    schema: type.schema,
    schemaExtensions: type.schemaExtensions.map((extension) => ({ schema: extension.schema, required: extension.required })),
    meta: { resourceType: 'ResourceType', location: `${context.baseUrl}/ResourceTypes/${type.id}` },
  };
}
