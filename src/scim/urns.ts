/**
 * The URNs SCIM 2.0 defines for resource schemas and protocol messages.
 * RFC7643-8.7 (schema URNs), RFC7644-3.12 (Error), RFC7644-3.4.2 (ListResponse),
 * RFC7644-3.5.2 (PatchOp), RFC7644-3.4.3 (SearchRequest), RFC7644-3.7 (Bulk).
 */

/** Core User schema, RFC7643-4.1. */
export const USER_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Core Group schema, RFC7643-4.2. */
export const GROUP_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Enterprise User extension, RFC7643-4.3. */
export const ENTERPRISE_USER_SCHEMA_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Service provider configuration schema, RFC7643-5. */
export const SERVICE_PROVIDER_CONFIG_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
/** Resource type schema, RFC7643-6. */
export const RESOURCE_TYPE_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
/** Schema definition schema, RFC7643-7. */
export const SCHEMA_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** List response message, RFC7644-3.4.2. */
export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** Error message, RFC7644-3.12. */
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** PATCH request message, RFC7644-3.5.2. */
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** POST /.search request message, RFC7644-3.4.3. */
export const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
/** Bulk request message, RFC7644-3.7. */
export const BULK_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** Okta's Role resource schema ("SCIM 2.0 with entitlements", Okta Identity Governance). */
export const OKTA_ROLE_SCHEMA_URN = 'urn:okta:scim:schemas:core:1.0:Role';
/** Okta's Entitlement resource schema ("SCIM 2.0 with entitlements"). */
export const OKTA_ENTITLEMENT_SCHEMA_URN = 'urn:okta:scim:schemas:core:1.0:Entitlement';
