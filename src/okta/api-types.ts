/**
 * The Okta Management API objects a CRUD run and an OIN readiness check use, as Okta documents
 * them (okta-wire.md §2.2). Only the fields we read are typed; Okta sends many more, which pass
 * through untouched (`OktaObjectExtras`).
 */

/** Fields Okta sends that we do not model. */
export interface OktaObjectExtras {
  readonly [field: string]: unknown;
}

export interface OktaLink {
  readonly href: string;
  readonly method?: string;
  readonly name?: string;
}

export type OktaLinks = Readonly<Record<string, OktaLink | readonly OktaLink[]>>;

/** `GET /api/v1/apps/{appId}` (okta-wire.md §2.2 Apps). */
export interface OktaApp extends OktaObjectExtras {
  readonly id: string;
  readonly name?: string;
  readonly label?: string;
  readonly status?: 'ACTIVE' | 'INACTIVE' | string;
  readonly created?: string;
  readonly lastUpdated?: string;
  readonly signOnMode?: string;
  /** Provisioning features enabled on the instance (`PUSH_NEW_USERS`, …). */
  readonly features?: readonly string[];
  readonly _links?: OktaLinks;
}

export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

/** Okta user profile: the base attributes the CRUD test sets, plus custom ones. */
export interface OktaUserProfile {
  readonly login?: string;
  readonly email?: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly [attribute: string]: unknown;
}

/** Okta never returns password values: `password: {}` says one is set. */
export interface OktaUserCredentials {
  readonly password?: Readonly<Record<string, unknown>>;
  readonly recovery_question?: { readonly question?: string };
  readonly provider?: { readonly type: string; readonly name: string };
}

/** `GET /api/v1/users/{id}` (okta-wire.md §2.2 Users). */
export interface OktaUser extends OktaObjectExtras {
  readonly id: string;
  readonly status: OktaUserStatus | string;
  readonly created?: string;
  readonly activated?: string | null;
  readonly statusChanged?: string | null;
  readonly lastLogin?: string | null;
  readonly lastUpdated?: string;
  readonly passwordChanged?: string | null;
  readonly transitioningToStatus?: string | null;
  readonly profile: OktaUserProfile;
  readonly credentials?: OktaUserCredentials;
  readonly _links?: OktaLinks;
}

/** Body of `POST /api/v1/users` and `PUT /api/v1/users/{id}`. */
export interface OktaUserWrite {
  readonly profile: OktaUserProfile;
  readonly credentials?: {
    readonly password?: { readonly value: string };
    readonly recovery_question?: { readonly question: string; readonly answer: string };
  };
  readonly groupIds?: readonly string[];
}

/** Body of `POST /api/v1/users/{id}` (partial update). */
export interface OktaUserPatch {
  readonly profile?: OktaUserProfile;
  readonly credentials?: OktaUserWrite['credentials'];
}

export type OktaAppUserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'INACTIVE' | 'DEPROVISIONED';
export type OktaSyncState = 'DISABLED' | 'OUT_OF_SYNC' | 'SYNCING' | 'SYNCHRONIZED' | 'ERROR';

/** An app assignment (`/api/v1/apps/{appId}/users/{userId}`). `id` is the Okta user id. */
export interface OktaAppUser extends OktaObjectExtras {
  readonly id: string;
  /** The SCIM `id` once Okta provisioned or matched the user; null before. */
  readonly externalId?: string | null;
  readonly created?: string;
  readonly lastUpdated?: string;
  readonly scope?: 'USER' | 'GROUP' | string;
  readonly status?: OktaAppUserStatus | string;
  readonly statusChanged?: string | null;
  readonly syncState?: OktaSyncState | string;
  readonly lastSync?: string | null;
  readonly credentials?: { readonly userName?: string; readonly password?: Readonly<Record<string, unknown>> };
  readonly profile?: Readonly<Record<string, unknown>>;
  readonly _links?: OktaLinks;
}

/** Body of `POST /api/v1/apps/{appId}/users` (CRUD steps 3 and 13). */
export interface OktaAppUserAssignment {
  readonly id: string;
  readonly scope?: 'USER';
  readonly credentials?: { readonly userName?: string; readonly password?: { readonly value: string } };
  readonly profile?: Readonly<Record<string, unknown>>;
}

/** Body of `POST /api/v1/apps/{appId}/users/{userId}` (update the assignment). */
export interface OktaAppUserUpdate {
  readonly credentials?: OktaAppUserAssignment['credentials'];
  readonly profile?: Readonly<Record<string, unknown>>;
}

export interface OktaGroupProfile {
  readonly name: string;
  readonly description?: string | null;
  readonly [attribute: string]: unknown;
}

/** `/api/v1/groups/{groupId}` (okta-wire.md §2.2 Groups). */
export interface OktaGroup extends OktaObjectExtras {
  readonly id: string;
  readonly created?: string;
  readonly lastUpdated?: string;
  readonly lastMembershipUpdated?: string;
  readonly objectClass?: readonly string[];
  readonly type?: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN' | string;
  readonly profile: OktaGroupProfile;
  readonly _links?: OktaLinks;
}

/** `PUT /api/v1/apps/{appId}/groups/{groupId}` response. */
export interface OktaAppGroupAssignment extends OktaObjectExtras {
  readonly id: string;
  readonly lastUpdated?: string;
  readonly priority?: number;
  readonly profile?: Readonly<Record<string, unknown>>;
}

export type OktaGroupPushMappingStatus = 'ACTIVE' | 'INACTIVE' | 'ERROR';

/** `/api/v1/apps/{appId}/group-push/mappings/{mappingId}` (okta-wire.md §2.2 Group Push). */
export interface OktaGroupPushMapping extends OktaObjectExtras {
  readonly id: string;
  readonly sourceGroupId: string;
  /** The SCIM group id once pushed (null while the first push is pending). */
  readonly targetGroupId: string | null;
  readonly status: OktaGroupPushMappingStatus | string;
  readonly created?: string;
  readonly lastUpdated?: string;
  readonly lastPush?: string | null;
  readonly errorSummary?: string | null;
  readonly _links?: OktaLinks;
}

/** Body of `POST …/group-push/mappings`: push a new group by name, or link an existing one. */
export type OktaGroupPushMappingCreate =
  | { readonly sourceGroupId: string; readonly targetGroupName: string; readonly status?: 'ACTIVE' | 'INACTIVE' }
  | { readonly sourceGroupId: string; readonly targetGroupId: string; readonly status?: 'ACTIVE' | 'INACTIVE' };

/** Okta's error body (okta-wire.md §2.0). */
export interface OktaErrorBody {
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly errorLink?: string;
  readonly errorId?: string;
  readonly errorCauses?: readonly { readonly errorSummary: string }[];
}

/** `POST /governance/api/v1/grants` body of the entitlements CRUD variant (okta-wire.md §2.1). */
export interface OktaGovernanceGrant {
  readonly grantType: string;
  readonly targetPrincipal: { readonly externalId: string; readonly type: string };
  readonly actor?: string;
  readonly target: { readonly externalId: string; readonly type: string };
  readonly [field: string]: unknown;
}
