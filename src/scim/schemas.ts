import {
  ENTERPRISE_USER_SCHEMA_URN,
  GROUP_SCHEMA_URN,
  OKTA_ROLE_SCHEMA_URN,
  RESOURCE_TYPE_SCHEMA_URN,
  SERVICE_PROVIDER_CONFIG_SCHEMA_URN,
  USER_SCHEMA_URN,
} from './urns.js';

/** Attribute data types, RFC7643-2.3. */
export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';

/** Attribute mutability, RFC7643-7. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
/** When an attribute is returned, RFC7643-7. */
export type Returned = 'always' | 'never' | 'default' | 'request';
/** Uniqueness of an attribute's value, RFC7643-7. */
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute definition with all its characteristics, RFC7643-7. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema definition (the payload of a `/Schemas` resource without `meta`), RFC7643-7. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** The schemas that describe one resource type: its core schema plus extensions, RFC7643-6. */
export interface ResourceSchemaSet {
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
}

/** A resource type definition (a `/ResourceTypes` resource without `meta`), RFC7643-6. */
export interface ResourceTypeDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Endpoint relative to the base URL, e.g. `/Users`. */
  readonly endpoint: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[];
}

/** Characteristics that differ from the RFC7643-2.2 defaults. */
type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

/** An attribute with the RFC7643-2.2 defaults (optional, caseExact false, readWrite, default, none). */
function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** A `string` attribute with defaults. */
function text(name: string, description: string, options: AttributeOptions = {}): AttributeDefinition {
  return attribute(name, 'string', description, options);
}

/**
 * The usual sub-attributes of a multi-valued attribute: value, display, type, primary
 * (RFC7643-2.4), with `type` canonical values where the RFC lists them.
 */
function multiValuedSubAttributes(
  valueType: AttributeType,
  typeValues: readonly string[] | undefined,
  valueOptions: AttributeOptions = {},
): readonly AttributeDefinition[] {
  const typeAttribute = typeValues === undefined
    ? text('type', 'A label indicating the attribute\'s function.')
    : text('type', 'A label indicating the attribute\'s function.', { canonicalValues: typeValues });
  return [
    attribute('value', valueType, 'The attribute\'s significant value.', valueOptions),
    text('display', 'A human-readable name, primarily used for display purposes.'),
    typeAttribute,
    attribute('primary', 'boolean', 'Indicates the \'primary\' or preferred attribute value; "true" at most once.'),
  ];
}

/** A multi-valued complex attribute built from {@link multiValuedSubAttributes}. */
function multiValued(
  name: string,
  description: string,
  subAttributes: readonly AttributeDefinition[],
  options: AttributeOptions = {},
): AttributeDefinition {
  return attribute(name, 'complex', description, { multiValued: true, subAttributes, ...options });
}

/**
 * The common attributes of every resource, RFC7643-3.1: `id` (caseExact, readOnly,
 * returned always, unique), `externalId` (caseExact, client-owned) and `meta` (readOnly).
 * They are not part of any schema's `attributes` list (RFC7643-8.7.1 omits them).
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  text('id', 'Unique identifier for the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  text('externalId', 'An identifier for the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  attribute('meta', 'complex', 'Resource metadata; ignored when provided by clients.', {
    mutability: 'readOnly',
    subAttributes: [
      text('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', 'The date and time the resource was added.', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', 'The most recent date and time the resource was modified.', {
        mutability: 'readOnly',
      }),
      attribute('location', 'reference', 'The URI of the resource being returned.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      text('version', 'The version (ETag) of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

/** The core User schema, RFC7643-4.1 and RFC7643-8.7.1. */
export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_URN,
  name: 'User',
  description: 'User Account',
  attributes: [
    text('userName', 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider. REQUIRED.', {
      required: true,
      uniqueness: 'server',
    }),
    attribute('name', 'complex', 'The components of the user\'s real name.', {
      subAttributes: [
        text('formatted', 'The full name, formatted for display.'),
        text('familyName', 'The family name of the User.'),
        text('givenName', 'The given name of the User.'),
        text('middleName', 'The middle name(s) of the User.'),
        text('honorificPrefix', 'The honorific prefix(es) of the User.'),
        text('honorificSuffix', 'The honorific suffix(es) of the User.'),
      ],
    }),
    text('displayName', 'The name of the User, suitable for display to end-users.'),
    text('nickName', 'The casual way to address the user in real life.'),
    attribute('profileUrl', 'reference', 'A fully qualified URL pointing to a page representing the User\'s online profile.', {
      referenceTypes: ['external'],
    }),
    text('title', 'The user\'s title, such as "Vice President".'),
    text('userType', 'Used to identify the relationship between the organization and the user.'),
    text('preferredLanguage', 'Indicates the User\'s preferred written or spoken language.'),
    text('locale', 'Used to indicate the User\'s default location for localizing items.'),
    text('timezone', 'The User\'s time zone in the "Olson" time zone database format.'),
    attribute('active', 'boolean', 'A Boolean value indicating the User\'s administrative status.'),
    text('password', 'The User\'s cleartext password; never returned.', {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValued('emails', 'Email addresses for the user.', multiValuedSubAttributes('string', ['work', 'home', 'other'])),
    multiValued(
      'phoneNumbers',
      'Phone numbers for the User.',
      multiValuedSubAttributes('string', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    ),
    multiValued(
      'ims',
      'Instant messaging addresses for the User.',
      multiValuedSubAttributes('string', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    ),
    multiValued(
      'photos',
      'URLs of photos of the User.',
      multiValuedSubAttributes('reference', ['photo', 'thumbnail'], { referenceTypes: ['external'] }),
    ),
    multiValued('addresses', 'A physical mailing address for this User.', [
      text('formatted', 'The full mailing address, formatted for display.'),
      text('streetAddress', 'The full street address component.'),
      text('locality', 'The city or locality component.'),
      text('region', 'The state or region component.'),
      text('postalCode', 'The zip code or postal code component.'),
      text('country', 'The country name component.'),
      text('type', 'A label indicating the attribute\'s function.', { canonicalValues: ['work', 'home', 'other'] }),
      attribute('primary', 'boolean', 'Indicates the preferred mailing address.'),
    ]),
    multiValued(
      'groups',
      'A list of groups to which the user belongs; managed through the Group resource.',
      [
        text('value', 'The identifier of the User\'s group.', { mutability: 'readOnly' }),
        attribute('$ref', 'reference', 'The URI of the corresponding Group resource.', {
          mutability: 'readOnly',
          referenceTypes: ['User', 'Group'],
        }),
        text('display', 'A human-readable name of the group.', { mutability: 'readOnly' }),
        text('type', 'A label indicating the membership: direct or indirect.', {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      { mutability: 'readOnly' },
    ),
    multiValued('entitlements', 'A list of entitlements for the User.', multiValuedSubAttributes('string', undefined)),
    multiValued('roles', 'A list of roles for the User.', multiValuedSubAttributes('string', undefined)),
    multiValued('x509Certificates', 'A list of certificates issued to the User.', multiValuedSubAttributes('binary', undefined)),
  ],
};

/**
 * The core Group schema, RFC7643-4.2 and RFC7643-8.7.1. `displayName` is marked required as
 * the RFC7643-4.2 prose says ("REQUIRED"), although the RFC7643-8.7.1 listing says false.
 * `members.display` is not in the RFC7643-8.7.1 listing but appears in its examples (8.4)
 * and every IdP sends it.
 */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_URN,
  name: 'Group',
  description: 'Group',
  attributes: [
    text('displayName', 'A human-readable name for the Group. REQUIRED.', { required: true }),
    multiValued('members', 'A list of members of the Group.', [
      text('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
      attribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
        mutability: 'immutable',
        referenceTypes: ['User', 'Group'],
      }),
      text('display', 'A human-readable name of the member.', { mutability: 'immutable' }),
      text('type', 'A label indicating the type of resource, e.g., \'User\' or \'Group\'.', {
        mutability: 'immutable',
        canonicalValues: ['User', 'Group'],
      }),
    ]),
  ],
};

/** The Enterprise User extension, RFC7643-4.3 and RFC7643-8.7.1. */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_URN,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    text('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    text('costCenter', 'Identifies the name of a cost center.'),
    text('organization', 'Identifies the name of an organization.'),
    text('division', 'Identifies the name of a division.'),
    text('department', 'Identifies the name of a department.'),
    attribute('manager', 'complex', 'The User\'s manager.', {
      subAttributes: [
        text('value', 'The id of the SCIM resource representing the User\'s manager.'),
        attribute('$ref', 'reference', 'The URI of the SCIM resource representing the User\'s manager.', {
          referenceTypes: ['User'],
        }),
        text('displayName', 'The displayName of the User\'s manager.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

/** Okta's Role resource schema (Okta "SCIM 2.0 with entitlements"): id, displayName, description. */
export const OKTA_ROLE_SCHEMA: SchemaDefinition = {
  id: OKTA_ROLE_SCHEMA_URN,
  name: 'Role',
  description: 'Role (Okta entitlements)',
  attributes: [
    text('displayName', 'A human-readable name for the role.', { required: true, mutability: 'readOnly' }),
    text('description', 'A description of the role (at most 1000 characters).', { mutability: 'readOnly' }),
  ],
};

/** Schema of `/ServiceProviderConfig`, RFC7643-5 and RFC7643-8.7.2. */
export const SERVICE_PROVIDER_CONFIG_SCHEMA: SchemaDefinition = {
  id: SERVICE_PROVIDER_CONFIG_SCHEMA_URN,
  name: 'Service Provider Configuration',
  description: 'Schema for representing the service provider\'s configuration',
  attributes: [
    attribute('documentationUri', 'reference', 'An HTTP-addressable URL pointing to the service provider\'s help documentation.', {
      mutability: 'readOnly',
      referenceTypes: ['external'],
    }),
    ...(['patch', 'changePassword', 'sort', 'etag'] as const).map((name) =>
      supportFlag(name, `A complex type that specifies ${name} configuration options.`),
    ),
    attribute('bulk', 'complex', 'A complex type that specifies bulk configuration options.', {
      required: true,
      mutability: 'readOnly',
      subAttributes: [
        attribute('supported', 'boolean', 'A Boolean value specifying whether or not the operation is supported.', {
          required: true,
          mutability: 'readOnly',
        }),
        attribute('maxOperations', 'integer', 'An integer value specifying the maximum number of operations.', {
          required: true,
          mutability: 'readOnly',
        }),
        attribute('maxPayloadSize', 'integer', 'An integer value specifying the maximum payload size in bytes.', {
          required: true,
          mutability: 'readOnly',
        }),
      ],
    }),
    attribute('filter', 'complex', 'A complex type that specifies FILTER options.', {
      required: true,
      mutability: 'readOnly',
      subAttributes: [
        attribute('supported', 'boolean', 'A Boolean value specifying whether or not the operation is supported.', {
          required: true,
          mutability: 'readOnly',
        }),
        attribute('maxResults', 'integer', 'The maximum number of resources returned in a response.', {
          required: true,
          mutability: 'readOnly',
        }),
      ],
    }),
    attribute('authenticationSchemes', 'complex', 'A complex type that specifies supported authentication scheme properties.', {
      multiValued: true,
      required: true,
      mutability: 'readOnly',
      subAttributes: [
        text('type', 'The authentication scheme.', {
          required: true,
          mutability: 'readOnly',
          canonicalValues: ['oauth', 'oauth2', 'oauthbearertoken', 'httpbasic', 'httpdigest'],
        }),
        text('name', 'The common authentication scheme name.', { required: true, mutability: 'readOnly' }),
        text('description', 'A description of the authentication scheme.', { required: true, mutability: 'readOnly' }),
        attribute('specUri', 'reference', 'An HTTP-addressable URL pointing to the authentication scheme\'s specification.', {
          mutability: 'readOnly',
          referenceTypes: ['external'],
        }),
        attribute('documentationUri', 'reference', 'An HTTP-addressable URL pointing to the authentication scheme\'s usage documentation.', {
          mutability: 'readOnly',
          referenceTypes: ['external'],
        }),
        attribute('primary', 'boolean', 'Indicates the preferred authentication scheme.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

/** A `{ supported: boolean }` complex attribute of the service provider configuration. */
function supportFlag(name: string, description: string): AttributeDefinition {
  return attribute(name, 'complex', description, {
    required: true,
    mutability: 'readOnly',
    subAttributes: [
      attribute('supported', 'boolean', 'A Boolean value specifying whether or not the operation is supported.', {
        required: true,
        mutability: 'readOnly',
      }),
    ],
  });
}

/** Schema of `/ResourceTypes`, RFC7643-6 and RFC7643-8.7.2. */
export const RESOURCE_TYPE_SCHEMA: SchemaDefinition = {
  id: RESOURCE_TYPE_SCHEMA_URN,
  name: 'ResourceType',
  description: 'Specifies the schema that describes a SCIM resource type',
  attributes: [
    text('id', 'The resource type\'s server unique id.', { mutability: 'readOnly' }),
    text('name', 'The resource type name.', { required: true, mutability: 'readOnly' }),
    text('description', 'The resource type\'s human-readable description.', { mutability: 'readOnly' }),
    attribute('endpoint', 'reference', 'The resource type\'s HTTP-addressable endpoint relative to the Base URL.', {
      required: true,
      mutability: 'readOnly',
      referenceTypes: ['uri'],
    }),
    attribute('schema', 'reference', 'The resource type\'s primary/base schema URI.', {
      required: true,
      caseExact: true,
      mutability: 'readOnly',
      referenceTypes: ['uri'],
    }),
    attribute('schemaExtensions', 'complex', 'A list of URIs of the resource type\'s schema extensions.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        attribute('schema', 'reference', 'The URI of a schema extension.', {
          required: true,
          caseExact: true,
          mutability: 'readOnly',
          referenceTypes: ['uri'],
        }),
        attribute('required', 'boolean', 'Whether resources of this type must include this extension.', {
          required: true,
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
};

/** The resource schemas of RFC7643-8.7.1 plus Okta's Role, by id. */
export const RESOURCE_SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA, OKTA_ROLE_SCHEMA];

/** Every schema definition this module knows: the resource schemas plus the RFC7643-8.7.2 ServiceProviderConfig and ResourceType schemas. */
export const ALL_SCHEMAS: readonly SchemaDefinition[] = [
  ...RESOURCE_SCHEMAS,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
];

/** User resources: core User schema plus the Enterprise User extension. */
export const USER_SCHEMA_SET: ResourceSchemaSet = { core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] };
/** Group resources: core Group schema, no extension. */
export const GROUP_SCHEMA_SET: ResourceSchemaSet = { core: GROUP_SCHEMA, extensions: [] };
/** Okta Role resources. */
export const ROLE_SCHEMA_SET: ResourceSchemaSet = { core: OKTA_ROLE_SCHEMA, extensions: [] };

/** The User resource type, RFC7643-6 (example in RFC7643-8.6). */
export const USER_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: 'User',
  name: 'User',
  description: 'User Account',
  endpoint: '/Users',
  schema: USER_SCHEMA_URN,
  schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA_URN, required: false }],
};

/** The Group resource type, RFC7643-6 (example in RFC7643-8.6). */
export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: 'Group',
  name: 'Group',
  description: 'Group',
  endpoint: '/Groups',
  schema: GROUP_SCHEMA_URN,
  schemaExtensions: [],
};

/** Okta's Role resource type (entitlements; read-only). */
export const ROLE_RESOURCE_TYPE: ResourceTypeDefinition = {
  id: 'Role',
  name: 'Role',
  description: 'Roles a User can be granted (Okta entitlements)',
  endpoint: '/Roles',
  schema: OKTA_ROLE_SCHEMA_URN,
  schemaExtensions: [],
};

/** The schema definition with this id (URNs compare case-insensitively, RFC8141), or undefined. */
export function findSchema(schemaUrn: string, schemas: readonly SchemaDefinition[] = ALL_SCHEMAS): SchemaDefinition | undefined {
  const wanted = schemaUrn.toLowerCase();
  return schemas.find((schema) => schema.id.toLowerCase() === wanted);
}

/** The definition named `name` (case-insensitively, RFC7643-2.1) in `attributes`, or undefined. */
export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attributes?.find((definition) => definition.name.toLowerCase() === wanted);
}

/**
 * The definition of the attribute at `path` (e.g. `userName`, `name.givenName`,
 * `emails.value`, `meta.lastModified`) in the schema `schemaUrn`, or undefined.
 * Names are case-insensitive (RFC7643-2.1). For the core resource schemas (User, Group),
 * the common attributes `id`, `externalId` and `meta` (RFC7643-3.1) are found too.
 */
export function attributeDefinition(schemaUrn: string, path: string): AttributeDefinition | undefined {
  const schema = findSchema(schemaUrn);
  if (schema === undefined) return undefined;
  const [head, ...rest] = path.split('.');
  if (head === undefined || rest.length > 1) return undefined;
  const isCoreResource = schema.id === USER_SCHEMA_URN || schema.id === GROUP_SCHEMA_URN || schema.id === OKTA_ROLE_SCHEMA_URN;
  const top = findAttribute(schema.attributes, head) ?? (isCoreResource ? findAttribute(COMMON_ATTRIBUTES, head) : undefined);
  const sub = rest[0];
  return sub === undefined ? top : findAttribute(top?.subAttributes, sub);
}
