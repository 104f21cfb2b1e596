/**
 * State transitions of the emulated org and the provisioning each one triggers
 * (okta-wire.md §2.3): assignment → create job; profile change → profile push; deactivation
 * → deprovision pushes and dropped assignments; activation → group-based assignments come
 * back; group membership and renames → Group Push.
 */
import type { ProvisioningEngine } from './provisioning-engine.js';
import {
  assignmentKey,
  isProvisionable,
  nowIso,
  type AssignmentRecord,
  type GroupRecord,
  type OrgState,
  type PushMappingRecord,
  type PushRuleRecord,
  type UserRecord,
} from './org-state.js';
import { APP_ONLY_ATTRIBUTES, deriveAppProfile, mapScimUser } from './scim-user-mapping.js';
import { newOktaId } from './okta-ids.js';

export class OrgActions {
  readonly #state: OrgState;
  readonly #engine: ProvisioningEngine;

  constructor(state: OrgState, engine: ProvisioningEngine) {
    this.#state = state;
    this.#engine = engine;
  }

  /** The user's current assignment to the app, if assigned. */
  assignmentOf(userId: string): AssignmentRecord | undefined {
    const a = this.#state.assignments.get(assignmentKey(this.#state.app.id, userId));
    return a?.assigned ? a : undefined;
  }

  /** A new assignment (a new app user in Okta's terms) and its provisioning job. */
  assign(user: UserRecord, scope: 'USER' | 'GROUP', userName: string, appProfile: Record<string, unknown>, linkedTo?: string): AssignmentRecord {
    const now = nowIso();
    const a: AssignmentRecord = {
      appId: this.#state.app.id,
      userId: user.id,
      scope,
      created: now,
      lastUpdated: now,
      statusChanged: now,
      userName,
      profile: deriveAppProfile(user.profile, appProfile),
      assigned: true,
      externalId: null,
      provisioning: 'STAGED',
      lastError: null,
      errors: [],
      lastSync: null,
      passwordChanged: null,
      lastOperation: null,
      pending: 0,
    };
    this.#state.assignments.set(assignmentKey(a.appId, a.userId), a);
    if (linkedTo !== undefined) {
      // A confirmed import: the app user is the SCIM user already, nothing is pushed.
      a.externalId = linkedTo;
      a.provisioning = 'PROVISIONED';
      a.lastSync = now;
      return a;
    }
    this.#engine.provision(a);
    return a;
  }

  /** Changes an assignment's userName/profile; pushes the profile if a SCIM attribute changed. */
  updateAssignment(a: AssignmentRecord, userName: string, appProfile: Record<string, unknown>): void {
    const user = this.#state.users.get(a.userId);
    const before = JSON.stringify(mapScimUser(a.userName, a.profile));
    a.userName = userName;
    a.profile = user ? deriveAppProfile(user.profile, appProfile) : appProfile;
    a.lastUpdated = nowIso();
    if (JSON.stringify(mapScimUser(a.userName, a.profile)) !== before) this.#engine.pushProfile(a);
  }

  /** The user's password changed in Okta: Sync Password pushes it (okta-wire.md §1.9). */
  passwordChanged(user: UserRecord): void {
    const a = this.assignmentOf(user.id);
    if (a) this.#engine.pushPassword(a);
  }

  /** Removes the assignment; Okta deprovisions (okta-wire.md §1.6). */
  unassign(a: AssignmentRecord): void {
    if (!a.assigned) return;
    a.assigned = false;
    a.lastUpdated = a.statusChanged = nowIso();
    this.#engine.deprovision(a);
  }

  /** After a profile write: re-derive each app profile; push where a SCIM attribute changed. */
  profileChanged(user: UserRecord): void {
    const a = this.assignmentOf(user.id);
    if (a) this.updateAssignment(a, a.userName, a.profile);
  }

  /** Deactivation: deprovision pushes, assignments dropped (okta-wire.md §1.5, [PLAN C9292]). */
  deactivate(user: UserRecord): void {
    const a = this.assignmentOf(user.id);
    if (a) this.unassign(a);
    setStatus(user, 'DEPROVISIONED');
  }

  /**
   * Activation: direct assignments are not restored, group-based ones are ([PLAN C9293]);
   * assignments made while the user was STAGED are provisioned now.
   */
  activate(user: UserRecord): void {
    setStatus(user, user.hasPassword ? 'ACTIVE' : 'PROVISIONED');
    user.activated = user.statusChanged;
    const existing = this.assignmentOf(user.id);
    if (existing) {
      if (!existing.externalId) this.#engine.provision(existing);
      return;
    }
    this.#assignViaGroups(user);
  }

  addMember(group: GroupRecord, user: UserRecord): void {
    if (group.members.has(user.id)) return;
    group.members.add(user.id);
    group.lastMembershipUpdated = nowIso();
    if (this.#state.app.groupAssignments.has(group.id)) this.#assignViaGroups(user);
    for (const m of this.#mappingsOf(group.id)) this.#engine.pushMembers(m, [user.id], []);
  }

  removeMember(group: GroupRecord, user: UserRecord): void {
    if (!group.members.delete(user.id)) return;
    group.lastMembershipUpdated = nowIso();
    for (const m of this.#mappingsOf(group.id)) this.#engine.pushMembers(m, [], [user.id]);
    this.#dropGroupAssignmentIfUncovered(user.id);
  }

  /**
   * Assigns the group, or updates its assignment's profile: members assigned through groups
   * take the group's app-only attributes, and a change is pushed to them ([PLAN C9307/C9309]).
   */
  assignGroup(group: GroupRecord, priority: number, profile: Record<string, unknown>): void {
    this.#state.app.groupAssignments.set(group.id, { priority, lastUpdated: nowIso(), profile });
    for (const userId of group.members) {
      const user = this.#state.users.get(userId);
      if (!user) continue;
      const a = this.assignmentOf(user.id);
      if (a?.scope === 'GROUP') this.updateAssignment(a, a.userName, { ...a.profile, ...this.#groupProfile(user.id) });
      else this.#assignViaGroups(user);
    }
  }

  /** The app-only attributes a user takes from the assigned group of highest priority (lowest number). */
  #groupProfile(userId: string): Record<string, unknown> {
    const covering = [...this.#state.app.groupAssignments.entries()]
      .filter(([gid]) => this.#state.groups.get(gid)?.members.has(userId))
      .sort(([, x], [, y]) => x.priority - y.priority)[0];
    const out: Record<string, unknown> = {};
    for (const attr of APP_ONLY_ATTRIBUTES) out[attr] = covering?.[1].profile[attr] ?? null;
    return out;
  }

  unassignGroup(group: GroupRecord): void {
    if (!this.#state.app.groupAssignments.delete(group.id)) return;
    for (const userId of group.members) this.#dropGroupAssignmentIfUncovered(userId);
  }

  /**
   * Group Push by rule ([PLAN C9323/C9324]): an active rule pushes every group whose name starts
   * with its prefix and has no mapping yet — at creation and whenever such a group is created.
   */
  applyPushRules(group: GroupRecord, only?: PushRuleRecord): void {
    const rules = only ? [only] : [...this.#state.pushRules.values()];
    for (const rule of rules) {
      if (rule.status !== 'ACTIVE' || !group.profile.name.startsWith(rule.groupNameStartsWith)) continue;
      if ([...this.#state.pushMappings.values()].some((m) => !m.deleted && m.sourceGroupId === group.id)) continue;
      const now = nowIso();
      const m: PushMappingRecord = {
        id: newOktaId('0gp'), appId: this.#state.app.id, sourceGroupId: group.id, targetGroupId: null, targetGroupName: group.profile.name,
        status: 'ACTIVE', created: now, lastUpdated: now, lastPush: null, errorSummary: null, deleted: false, pushedName: null, ruleId: rule.id,
      };
      this.#state.pushMappings.set(m.id, m);
      this.#engine.pushNewGroup(m);
    }
  }

  /** Deleting a rule unlinks the groups it pushed, deleting them in the app or leaving them ([PLAN C9325/C9326]). */
  deletePushRule(rule: PushRuleRecord, deleteTargetGroups: boolean): void {
    this.#state.pushRules.delete(rule.id);
    for (const m of this.#state.pushMappings.values()) {
      if (m.ruleId !== rule.id || m.deleted) continue;
      m.deleted = true;
      m.lastUpdated = nowIso();
      if (deleteTargetGroups) this.#engine.deleteTargetGroup(m);
    }
  }

  renamed(group: GroupRecord): void {
    for (const m of this.#mappingsOf(group.id)) this.#engine.renameGroup(m);
  }

  /**
   * Deleting a pushed Okta group unlinks its mappings and deletes their target groups
   * (DELETE /Groups/{id}); what Okta does here is undocumented, so this is our choice: it
   * leaves no orphan group behind on the SCIM server after a run's cleanup.
   */
  deleteGroup(group: GroupRecord): void {
    for (const m of this.#state.pushMappings.values()) {
      if (m.sourceGroupId !== group.id || m.deleted) continue;
      m.deleted = true;
      m.lastUpdated = nowIso();
      this.#engine.deleteTargetGroup(m);
    }
    this.unassignGroup(group);
    const members = [...group.members];
    group.members.clear();
    this.#state.groups.delete(group.id);
    for (const userId of members) this.#dropGroupAssignmentIfUncovered(userId);
  }

  #assignViaGroups(user: UserRecord): void {
    if (!isProvisionable(user) || this.assignmentOf(user.id)) return;
    const covered = [...this.#state.app.groupAssignments.keys()].some((gid) => this.#state.groups.get(gid)?.members.has(user.id));
    if (!covered) return;
    this.assign(user, 'GROUP', String(user.profile['login'] ?? user.id), this.#groupProfile(user.id));
  }

  #dropGroupAssignmentIfUncovered(userId: string): void {
    const a = this.assignmentOf(userId);
    if (!a || a.scope !== 'GROUP') return;
    const covered = [...this.#state.app.groupAssignments.keys()].some((gid) => this.#state.groups.get(gid)?.members.has(userId));
    if (!covered) this.unassign(a);
  }

  #mappingsOf(groupId: string): PushMappingRecord[] {
    return [...this.#state.pushMappings.values()].filter((m) => m.sourceGroupId === groupId && !m.deleted && m.status !== 'INACTIVE');
  }
}

export function setStatus(user: UserRecord, status: UserRecord['status']): void {
  user.status = status;
  user.lastUpdated = user.statusChanged = nowIso();
}
