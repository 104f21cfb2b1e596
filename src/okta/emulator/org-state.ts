/**
 * The emulated org's state: one app instance, users, assignments, groups and Group Push
 * mappings. Records are mutable inside the emulator only; everything leaving it is a copy
 * (the API representations and the test snapshots).
 */
import type { OktaUserStatus } from '../api-types.js';

export type ProfileUpdateMethod = 'put' | 'patch';

/** Per-assignment provisioning outcome, like the Admin Console's provisioning tasks. */
export type ProvisioningStatus = 'STAGED' | 'PROVISIONED' | 'ERROR';

export type PushOperation = 'create' | 'link' | 'reactivate' | 'profile' | 'deactivate' | 'password';

export interface AppRecord {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Provisioning features; the emulator's settings extension may change them (a real org: Admin Console only). */
  features: readonly string[];
  /** Push Groups settings and the app's kind (emulator settings extension). */
  readonly settings: AppSettings;
  /** The app user schema: the template's attributes, then what Import User Schema found. */
  schema: AppUserSchema;
  readonly created: string;
  lastUpdated: string;
  /** Groups assigned to the app: group id → assignment. */
  readonly groupAssignments: Map<string, { priority: number; lastUpdated: string; profile: Record<string, unknown> }>;
}

/**
 * Settings an administrator makes in the Admin Console, which Okta's Management API cannot
 * change ([APPS]: "You can't currently configure provisioning features via the API").
 */
export interface AppSettings {
  /** Push Groups → "Rename app groups to match group name in Okta" ([PLAN C9313/C9314]). */
  renameAppGroups: boolean;
  /** OIN apps sync passwords with PATCH, AIW apps with PUT (okta-wire.md §1.9, [REF20]). */
  appType: 'OIN' | 'AIW';
}

/** One attribute of the app user schema (Okta's `/api/v1/meta/schemas/apps/{appId}/default`). */
export interface AppSchemaAttribute {
  readonly name: string;
  readonly title: string;
  readonly type: string;
  readonly externalName: string;
  /** The schema URN the attribute came from (custom attributes). */
  readonly externalNamespace: string;
}

export interface AppUserSchema {
  readonly base: readonly AppSchemaAttribute[];
  readonly custom: readonly AppSchemaAttribute[];
  /** When Import User Schema last ran; null for the template's defaults. */
  readonly importedAt: string | null;
}

/** A user or group found by an import and not confirmed yet (the Import tab's results). */
export interface ImportedUserRecord {
  readonly externalId: string;
  userName: string;
  profile: Record<string, unknown>;
}

export interface ImportedGroupRecord {
  readonly externalId: string;
  displayName: string;
  memberExternalIds: string[];
}

export interface UserRecord {
  readonly id: string;
  status: OktaUserStatus;
  readonly created: string;
  activated: string | null;
  statusChanged: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  hasPassword: boolean;
  /** The password value, kept only to sync it (PUSH_PASSWORD_UPDATES); never in any representation. */
  password: string | null;
  recoveryQuestion: string | null;
  profile: Record<string, unknown>;
}

/**
 * One app assignment. A new record is made for every assignment, so jobs queued for an old
 * assignment keep acting on the SCIM id that assignment learnt (okta-wire.md §1.2: a failed
 * create leaves no externalId, and a later unassign sends nothing).
 */
export interface AssignmentRecord {
  readonly appId: string;
  readonly userId: string;
  scope: 'USER' | 'GROUP';
  readonly created: string;
  lastUpdated: string;
  statusChanged: string;
  userName: string;
  profile: Record<string, unknown>;
  /** False once unassigned (directly, by group, or by user deactivation). */
  assigned: boolean;
  /** The SCIM id, once created or matched. */
  externalId: string | null;
  provisioning: ProvisioningStatus;
  lastError: string | null;
  readonly errors: string[];
  lastSync: string | null;
  /** When Okta last set the app password (a synced create or password push). */
  passwordChanged: string | null;
  lastOperation: PushOperation | null;
  /** Jobs queued or running for this assignment. */
  pending: number;
}

export interface GroupRecord {
  readonly id: string;
  readonly created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string | null; [attribute: string]: unknown };
  /** Member user ids, in the order they were added. */
  readonly members: Set<string>;
}

export interface PushMappingRecord {
  readonly id: string;
  readonly appId: string;
  readonly sourceGroupId: string;
  targetGroupId: string | null;
  readonly targetGroupName: string | null;
  status: 'ACTIVE' | 'INACTIVE' | 'ERROR';
  readonly created: string;
  lastUpdated: string;
  lastPush: string | null;
  errorSummary: string | null;
  deleted: boolean;
  /** Display name last pushed (for renames). */
  pushedName: string | null;
  /** The Group Push rule that made it, if one did. */
  ruleId?: string;
}

/** A Group Push rule ("Find groups by rule"): pushes every Okta group whose name starts with a prefix. */
export interface PushRuleRecord {
  readonly id: string;
  readonly name: string;
  readonly groupNameStartsWith: string;
  status: 'ACTIVE' | 'INACTIVE';
  readonly created: string;
}

export interface OrgState {
  readonly orgUrl: string;
  readonly app: AppRecord;
  readonly users: Map<string, UserRecord>;
  /** Key: `${appId}/${userId}`; the latest assignment record (also when unassigned). */
  readonly assignments: Map<string, AssignmentRecord>;
  readonly groups: Map<string, GroupRecord>;
  readonly pushMappings: Map<string, PushMappingRecord>;
  /** Import results not confirmed yet, by SCIM id. */
  readonly importedUsers: Map<string, ImportedUserRecord>;
  /** App groups found by imports, by SCIM id. */
  readonly importedGroups: Map<string, ImportedGroupRecord>;
  /** Group Push rules of the app. */
  readonly pushRules: Map<string, PushRuleRecord>;
}

export function assignmentKey(appId: string, userId: string): string {
  return `${appId}/${userId}`;
}

/** Okta statuses in which a user may be provisioned (not STAGED, not DEPROVISIONED). */
export function isProvisionable(user: UserRecord): boolean {
  return user.status !== 'STAGED' && user.status !== 'DEPROVISIONED';
}

export function nowIso(): string {
  return new Date().toISOString();
}

// ---- snapshots handed to tests and the CLI -------------------------------------------------

/** An assignment as the emulator's admin would see it (current, or the last one if removed). */
export interface EmulatedAppUser {
  readonly appId: string;
  readonly userId: string;
  readonly userName: string;
  readonly scope: 'USER' | 'GROUP';
  readonly assigned: boolean;
  /** The SCIM id Okta learnt (null until created or matched). */
  readonly externalId: string | null;
  readonly provisioning: ProvisioningStatus;
  /** The last failed push's message (cleared by a later successful push). */
  readonly lastError: string | null;
  /** Every failed push's message, oldest first. */
  readonly errors: readonly string[];
  readonly lastOperation: PushOperation | null;
  readonly pendingJobs: number;
  readonly profile: Readonly<Record<string, unknown>>;
}

export interface EmulatedGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly memberIds: readonly string[];
  readonly assignedToApp: boolean;
}

export interface EmulatedGroupPushMapping {
  readonly id: string;
  readonly sourceGroupId: string;
  readonly targetGroupId: string | null;
  readonly status: 'ACTIVE' | 'INACTIVE' | 'ERROR';
  readonly errorSummary: string | null;
  readonly lastPush: string | null;
  readonly deleted: boolean;
}

export function snapshotAppUser(a: AssignmentRecord): EmulatedAppUser {
  return {
    appId: a.appId,
    userId: a.userId,
    userName: a.userName,
    scope: a.scope,
    assigned: a.assigned,
    externalId: a.externalId,
    provisioning: a.provisioning,
    lastError: a.lastError,
    errors: [...a.errors],
    lastOperation: a.lastOperation,
    pendingJobs: a.pending,
    profile: structuredClone(a.profile),
  };
}

export function snapshotGroup(g: GroupRecord, app: AppRecord): EmulatedGroup {
  return {
    id: g.id,
    name: g.profile.name,
    description: g.profile.description,
    memberIds: [...g.members],
    assignedToApp: app.groupAssignments.has(g.id),
  };
}

export function snapshotPushMapping(m: PushMappingRecord): EmulatedGroupPushMapping {
  return {
    id: m.id,
    sourceGroupId: m.sourceGroupId,
    targetGroupId: m.targetGroupId,
    status: m.status,
    errorSummary: m.errorSummary,
    lastPush: m.lastPush,
    deleted: m.deleted,
  };
}
