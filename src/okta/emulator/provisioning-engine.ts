/**
 * The provisioning engine: what Okta does in the background after an admin action
 * (okta-wire.md §1 and §2.3). Jobs run asynchronously, one at a time per app user (and per
 * pushed group), in the order queued, and read the org's state when they run. Each job sends
 * the SCIM requests Okta sends and records the outcome on the assignment (or mapping) the way
 * Okta's provisioning tasks do: PROVISIONED, or ERROR with a readable message.
 */
import { encodePathSegment, encodeQueryComponent, UnencodableValueError } from '../../http/url-segment.js';
import { joinScimUrl } from '../../scim/base-url.js';
import type { OktaScimClient, ScimOutcome } from './okta-scim-client.js';
import { describeScimFailure } from './okta-scim-client.js';
import { KeyedJobQueue } from './job-queue.js';
import {
  assignmentKey,
  isProvisionable,
  nowIso,
  type AssignmentRecord,
  type OrgState,
  type ProfileUpdateMethod,
  type PushMappingRecord,
  type PushOperation,
} from './org-state.js';
import { newPlaceholderPassword } from './okta-ids.js';
import {
  SCIM_GROUP_SCHEMA,
  SCIM_PATCH_SCHEMA,
  changedScimAttributes,
  clearedScimAttributes,
  isRecord,
  mapScimUser,
  scimCreateBody,
  scimReplaceBody,
} from './scim-user-mapping.js';

export interface ProvisioningEngineOptions {
  readonly state: OrgState;
  readonly scim: OktaScimClient;
  readonly profileUpdate: ProfileUpdateMethod;
  readonly pushDelayMs: number;
  readonly signal: AbortSignal;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A step's failure, carried to the job's end as a task message. */
class PushFailure extends Error {}

/**
 * `/Users/<id>` or `/Groups/<id>` for an id the SCIM server returned: one percent-encoded path
 * segment, whatever the id holds (http/url-segment.ts). An id no URL can carry (empty, `..`, a
 * lone UTF-16 surrogate) fails the push with that exact reason, as Okta's task would fail.
 */
function resourcePath(collection: '/Users' | '/Groups', id: string): string {
  try {
    return `${collection}/${encodePathSegment(id)}`;
  } catch (e) {
    if (e instanceof UnencodableValueError) throw new PushFailure(`the SCIM server's id ${e.message}`);
    throw e;
  }
}

/** A filter value in a query, or a push failure naming why it cannot be sent. */
function queryValue(value: string): string {
  try {
    return encodeQueryComponent(value);
  } catch (e) {
    if (e instanceof UnencodableValueError) throw new PushFailure(e.message);
    throw e;
  }
}

export class ProvisioningEngine {
  readonly queue = new KeyedJobQueue();
  /** Every push failure, oldest first, as Okta's admin task would word it (redacted). */
  readonly failures: string[] = [];
  readonly #o: ProvisioningEngineOptions;

  constructor(options: ProvisioningEngineOptions) {
    this.#o = options;
  }

  #has(feature: string): boolean {
    return this.#o.state.app.status === 'ACTIVE' && this.#o.state.app.features.includes(feature);
  }

  // ---- user jobs ----------------------------------------------------------------------------

  /** Assignment (PUSH_NEW_USERS): match by userName, then create, or link (+ reactivate) + profile push. */
  provision(a: AssignmentRecord): void {
    this.#userJob(a, () => this.#provision(a));
  }

  /** Okta profile change (PUSH_PROFILE_UPDATES): GET + PUT, or GET + PATCH. */
  pushProfile(a: AssignmentRecord): void {
    this.#userJob(a, async () => {
      if (!a.assigned || !a.externalId || !this.#has('PUSH_PROFILE_UPDATES')) return;
      await this.#attempt(a, 'profile', `Automatic profile push of user ${a.userName} to app ${this.#o.state.app.label} failed`, () =>
        this.#profilePush(a, true),
      );
    });
  }

  /** Unassignment or user deactivation (PUSH_USER_DEACTIVATION): PATCH active:false, no path. */
  deprovision(a: AssignmentRecord): void {
    this.#userJob(a, async () => {
      // DF7207: without a linked SCIM id (e.g. a failed create) nothing is sent.
      if (!a.externalId || !this.#has('PUSH_USER_DEACTIVATION')) return;
      const id = a.externalId;
      await this.#attempt(a, 'deactivate', `Automatic deactivation of user ${a.userName} in app ${this.#o.state.app.label} failed`, async () => {
        await this.#expect('PATCH', resourcePath('/Users', id), activeOp(false), [200, 204], 'Error while deactivating user');
      });
    });
  }

  async #provision(a: AssignmentRecord): Promise<void> {
    const user = this.#o.state.users.get(a.userId);
    // A STAGED user is provisioned when activated; nothing is pushed for an inactive app.
    if (!a.assigned || !user || !isProvisionable(user) || !this.#has('PUSH_NEW_USERS')) return;
    const mapped = mapScimUser(a.userName, a.profile);
    const task = `Automatic provisioning of user ${a.userName} to app ${this.#o.state.app.label} failed`;
    await this.#attempt(a, 'create', task, async () => {
      const existing = await this.#matchUser(a.userName);
      if (!existing) {
        // REF20: a placeholder password is always sent; with Sync Password it is the Okta password.
        const synced = this.#has('PUSH_PASSWORD_UPDATES') && user.password !== null ? user.password : undefined;
        if (synced !== undefined) this.#o.scim.addSecret(synced);
        const created = await this.#expect('POST', '/Users', scimCreateBody(mapped, a.userId, synced ?? newPlaceholderPassword()), [200, 201], `Error while creating user ${mapped.displayName}`);
        if (synced !== undefined) a.passwordChanged = nowIso();
        const id = isRecord(created.json) ? created.json['id'] : undefined;
        // REF20: an empty create response fails the task.
        if (typeof id !== 'string' || id === '') throw new PushFailure(`Error while creating user ${mapped.displayName}: Create new user returned empty user.`);
        a.externalId = id;
        return;
      }
      a.externalId = existing.id;
      a.lastOperation = 'link';
      let active: boolean | undefined = true;
      if (existing.active === false) {
        if (this.#has('REACTIVATE_USERS')) {
          // okta-wire.md §1.7 (inferred): PATCH active:true on the SAME SCIM id.
          await this.#expect('PATCH', resourcePath('/Users', existing.id), activeOp(true), [200, 204], `Error while reactivating user ${a.userName}`);
          a.lastOperation = 'reactivate';
        } else {
          active = undefined; // linked, but not reactivated: leave the server's `active` alone
        }
      }
      if (this.#has('PUSH_PROFILE_UPDATES')) await this.#profilePush(a, active);
    });
  }

  /**
   * okta-wire.md §1.3: before creating a user, Okta looks it up by userName (`%20`-encoded
   * spaces). Only the match's id and `active` leave this method, so the answer itself (a server
   * may send 10^6 resources) is not held while the writes that follow are awaited (issue 14).
   */
  async #matchUser(userName: string): Promise<{ id: string; active: unknown } | undefined> {
    const filter = `userName eq "${userName.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const path = `/Users?filter=${queryValue(filter)}&startIndex=1&count=100`;
    const found = await this.#o.scim.send('GET', path);
    if (found.kind === 'transport' || (found.status !== 200 && found.status !== 404)) {
      throw new PushFailure(`Error while verifying user ${userName} exists in the app: ${this.#describe('GET', path, found)}`);
    }
    const existing = found.status === 200 ? firstMatch(found.json, userName) : undefined;
    if (found.status === 200 && existing === undefined && !isListResponse(found.json)) {
      throw new PushFailure(`Error while verifying user ${userName} exists in the app: GET ${joinScimUrl(this.#o.scim.baseUrl, path)} returned 200 but not a ListResponse`);
    }
    return existing;
  }

  async #profilePush(a: AssignmentRecord, active: boolean | undefined): Promise<void> {
    const id = a.externalId;
    if (!id) return;
    const path = resourcePath('/Users', id);
    const got = await this.#o.scim.send('GET', path);
    if (got.kind === 'transport' || got.status !== 200 || !isRecord(got.json)) {
      throw new PushFailure(`Error while reading user ${a.userName}: ${this.#describe('GET', path, got)}`);
    }
    const mapped = mapScimUser(a.userName, a.profile);
    if (this.#o.profileUpdate === 'put') {
      await this.#expect('PUT', path, scimReplaceBody(got.json, id, mapped, active), [200], `Error while updating user ${a.userName}`);
      return;
    }
    const changed = changedScimAttributes(got.json, mapped);
    const cleared = clearedScimAttributes(got.json, mapped);
    if (Object.keys(changed).length === 0 && cleared.length === 0) return;
    const operations: unknown[] = [
      ...(Object.keys(changed).length > 0 ? [{ op: 'replace', value: changed }] : []),
      // UNCERTAIN (okta-wire.md §1.4): how Okta's PATCH clears a value is undocumented; RFC7644-3.5.2.2 remove.
      ...cleared.map((attr) => ({ op: 'remove', path: attr })),
    ];
    await this.#expect('PATCH', path, { schemas: [SCIM_PATCH_SCHEMA], Operations: operations }, [200, 204], `Error while updating user ${a.userName}`);
  }

  /**
   * Password change with Sync Password (PUSH_PASSWORD_UPDATES, okta-wire.md §1.9): OIN apps
   * send a PATCH, AIW apps a GET + PUT of the whole user carrying `password` [REF20]. The
   * PATCH body is undocumented (UNCERTAIN): `replace` with a value object, as for `active`.
   */
  pushPassword(a: AssignmentRecord): void {
    this.#userJob(a, async () => {
      const user = this.#o.state.users.get(a.userId);
      if (!a.assigned || !a.externalId || !user?.password || !this.#has('PUSH_PASSWORD_UPDATES')) return;
      const password = user.password;
      this.#o.scim.addSecret(password);
      const id = a.externalId;
      const task = `Automatic password push of user ${a.userName} to app ${this.#o.state.app.label} failed`;
      await this.#attempt(a, 'password', task, async () => {
        const path = resourcePath('/Users', id);
        if (this.#o.state.app.settings.appType === 'OIN') {
          await this.#expect('PATCH', path, { schemas: [SCIM_PATCH_SCHEMA], Operations: [{ op: 'replace', value: { password } }] }, [200, 204], `Error while pushing password of user ${a.userName}`);
        } else {
          const got = await this.#o.scim.send('GET', path);
          if (got.kind === 'transport' || got.status !== 200 || !isRecord(got.json)) {
            throw new PushFailure(`Error while reading user ${a.userName}: ${this.#describe('GET', path, got)}`);
          }
          await this.#expect('PUT', path, { ...got.json, password }, [200], `Error while pushing password of user ${a.userName}`);
        }
        a.passwordChanged = nowIso();
      });
    });
  }

  #userJob(a: AssignmentRecord, run: () => Promise<void>): void {
    a.pending++;
    this.queue.enqueue(
      `user:${assignmentKey(a.appId, a.userId)}`,
      async () => {
        try {
          if (await this.#delayed()) await run();
        } finally {
          a.pending--;
        }
      },
      (err) => this.#fail(a, `Internal emulator error: ${String(err)}`),
    );
  }

  /** Runs one job's steps; records success or the failure as Okta's task would. */
  async #attempt(a: AssignmentRecord, op: PushOperation, task: string, steps: () => Promise<void>): Promise<void> {
    try {
      a.lastOperation = op;
      await steps();
      if (a.externalId) a.provisioning = 'PROVISIONED';
      a.lastError = null;
      a.lastSync = nowIso();
    } catch (err) {
      if (!(err instanceof PushFailure)) throw err;
      this.#fail(a, this.#o.scim.redact(`${task}: ${err.message}`));
    }
  }

  /** Records a failed push on the app user (Okta's admin task) and in {@link failures}. */
  #fail(a: AssignmentRecord, message: string): void {
    recordFailure(a, message);
    this.failures.push(message);
  }

  // ---- group push jobs -------------------------------------------------------------------------

  /** New mapping by name: POST /Groups (members: []), then the provisioned members. */
  pushNewGroup(m: PushMappingRecord): void {
    this.#groupJob(m, this.#memberTails(m), async () => {
      const group = this.#o.state.groups.get(m.sourceGroupId);
      const name = m.targetGroupName ?? group?.profile.name ?? m.sourceGroupId;
      const created = await this.#expect('POST', '/Groups', { schemas: [SCIM_GROUP_SCHEMA], displayName: name, members: [] }, [200, 201], `Error while creating group ${name}`);
      const id = isRecord(created.json) ? created.json['id'] : undefined;
      if (typeof id !== 'string' || id === '') throw new PushFailure(`Error while creating group ${name}: Create new group returned empty group.`);
      m.targetGroupId = id;
      m.pushedName = name;
      const members = this.#provisionedMembers(m, group ? [...group.members] : []);
      if (members.length > 0) await this.#patchGroup(m, [{ op: 'add', path: 'members', value: members }], 'Error while pushing group membership');
    });
  }

  /** Mapping to an existing SCIM group: check it exists, then push the full membership. */
  linkGroup(m: PushMappingRecord): void {
    this.#groupJob(m, this.#memberTails(m), async () => {
      const id = m.targetGroupId;
      if (!id) return;
      const path = resourcePath('/Groups', id);
      const got = await this.#o.scim.send('GET', path);
      if (got.kind === 'transport' || got.status !== 200) throw new PushFailure(`Error while linking group ${id}: ${this.#describe('GET', path, got)}`);
      const group = this.#o.state.groups.get(m.sourceGroupId);
      const current = isRecord(got.json) && typeof got.json['displayName'] === 'string' ? got.json['displayName'] : null;
      m.pushedName = current;
      // [PLAN C9315/C9330]: the app group takes the Okta name only with "Rename app groups…" on.
      if (group && this.#o.state.app.settings.renameAppGroups && current !== group.profile.name) {
        await this.#patchGroup(m, [renameOp(id, group.profile.name)], 'Error while renaming group');
        m.pushedName = group.profile.name;
      }
      await this.#pushAllMembers(m);
    });
  }

  /** Okta group renamed: PATCH replace {id, displayName} (okta-wire.md §1.11), if renames are pushed. */
  renameGroup(m: PushMappingRecord): void {
    this.#groupJob(m, Promise.resolve(), async () => {
      const group = this.#o.state.groups.get(m.sourceGroupId);
      if (!m.targetGroupId || !group || !this.#o.state.app.settings.renameAppGroups) return;
      await this.#patchGroup(m, [renameOp(m.targetGroupId, group.profile.name)], 'Error while renaming group');
      m.pushedName = group.profile.name;
    });
  }

  /**
   * Membership change: the rename PATCH Okta sends with every membership update, then one
   * PATCH with a `remove` per removed member and one `add` with the added ones.
   */
  pushMembers(m: PushMappingRecord, added: readonly string[], removed: readonly string[]): void {
    this.#groupJob(m, this.#tails([...added, ...removed]), async () => {
      const group = this.#o.state.groups.get(m.sourceGroupId);
      if (!m.targetGroupId || !group) return;
      const adds = this.#provisionedMembers(m, added);
      const removes = removed.flatMap((userId) => {
        const id = this.#o.state.assignments.get(assignmentKey(m.appId, userId))?.externalId;
        return id ? [{ op: 'remove', path: `members[value eq "${id}"]` }] : [];
      });
      if (adds.length === 0 && removes.length === 0) return;
      const name = this.#o.state.app.settings.renameAppGroups ? group.profile.name : m.pushedName ?? group.profile.name;
      await this.#patchGroup(m, [renameOp(m.targetGroupId, name)], 'Error while pushing group');
      await this.#patchGroup(m, [...removes, ...(adds.length > 0 ? [{ op: 'add', path: 'members', value: adds }] : [])], 'Error while pushing group membership');
    });
  }

  /** Mapping re-activated: push the full membership (`replace` members). */
  pushAllMembers(m: PushMappingRecord): void {
    this.#groupJob(m, this.#memberTails(m), () => this.#pushAllMembers(m));
  }

  /** Unlink with "Delete the group in the target app": DELETE /Groups/{id} (204). */
  deleteTargetGroup(m: PushMappingRecord): void {
    this.#groupJob(m, Promise.resolve(), async () => {
      if (!m.targetGroupId) return;
      const path = resourcePath('/Groups', m.targetGroupId);
      const res = await this.#o.scim.send('DELETE', path);
      // A group that is already gone is what we wanted.
      if (res.kind === 'transport' || ((res.status < 200 || res.status > 299) && res.status !== 404)) {
        throw new PushFailure(`Error while deleting group ${m.pushedName ?? m.targetGroupId}: ${this.#describe('DELETE', path, res)}`);
      }
    }, true);
  }

  async #pushAllMembers(m: PushMappingRecord): Promise<void> {
    const group = this.#o.state.groups.get(m.sourceGroupId);
    if (!m.targetGroupId || !group) return;
    const members = this.#provisionedMembers(m, [...group.members]);
    await this.#patchGroup(m, [{ op: 'replace', path: 'members', value: members }], 'Error while pushing group membership');
  }

  async #patchGroup(m: PushMappingRecord, operations: readonly unknown[], what: string): Promise<void> {
    const id = m.targetGroupId;
    if (!id) return;
    await this.#expect('PATCH', resourcePath('/Groups', id), { schemas: [SCIM_PATCH_SCHEMA], Operations: operations }, [200, 204], what);
  }

  /** `[{value: scimId, display: userName}]` for members assigned and provisioned to the app. */
  #provisionedMembers(m: PushMappingRecord, userIds: readonly string[]): { value: string; display: string }[] {
    return userIds.flatMap((userId) => {
      const a = this.#o.state.assignments.get(assignmentKey(m.appId, userId));
      return a?.assigned && a.externalId ? [{ value: a.externalId, display: a.userName }] : [];
    });
  }

  #memberTails(m: PushMappingRecord): Promise<void> {
    return this.#tails([...(this.#o.state.groups.get(m.sourceGroupId)?.members ?? [])]);
  }

  /** Membership pushes wait for the members' own provisioning jobs queued before them. */
  #tails(userIds: readonly string[]): Promise<void> {
    const appId = this.#o.state.app.id;
    return Promise.all(userIds.map((u) => this.queue.tail(`user:${assignmentKey(appId, u)}`))).then(() => undefined);
  }

  #groupJob(m: PushMappingRecord, after: Promise<void>, run: () => Promise<void>, evenIfInactive = false): void {
    this.queue.enqueue(
      `group:${m.id}`,
      async () => {
        if (!(await this.#delayed())) return;
        if (!this.#has('GROUP_PUSH') || (!evenIfInactive && (m.deleted || m.status === 'INACTIVE'))) return;
        try {
          await run();
          m.lastPush = nowIso();
          m.errorSummary = null;
          if (m.status === 'ERROR') m.status = 'ACTIVE';
        } catch (err) {
          if (!(err instanceof PushFailure)) throw err;
          m.status = 'ERROR';
          m.errorSummary = this.#o.scim.redact(`Group push of ${m.pushedName ?? m.targetGroupName ?? m.sourceGroupId} to app ${this.#o.state.app.label} failed: ${err.message}`);
          this.failures.push(m.errorSummary);
        }
      },
      (err) => {
        m.status = 'ERROR';
        m.errorSummary = `Internal emulator error: ${String(err)}`;
      },
      after,
    );
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** Okta's push delay; false when the emulator closed meanwhile. */
  async #delayed(): Promise<boolean> {
    if (this.#o.signal.aborted) return false;
    if (this.#o.pushDelayMs > 0) {
      try {
        await this.#o.sleep(this.#o.pushDelayMs, this.#o.signal);
      } catch {
        return false;
      }
    }
    return !this.#o.signal.aborted;
  }

  /** Sends and insists on one of `statuses`; otherwise a PushFailure saying what happened. */
  async #expect(method: string, path: string, body: unknown, statuses: readonly number[], what: string): Promise<Extract<ScimOutcome, { kind: 'response' }>> {
    const res = await this.#o.scim.send(method, path, body);
    if (res.kind === 'transport' || !statuses.includes(res.status)) throw new PushFailure(`${what}: ${this.#describe(method, path, res)}`);
    return res;
  }

  #describe(method: string, path: string, outcome: ScimOutcome): string {
    return describeScimFailure(method, joinScimUrl(this.#o.scim.baseUrl, path), outcome);
  }
}

function recordFailure(a: AssignmentRecord, message: string): void {
  a.provisioning = 'ERROR';
  a.lastError = message;
  a.errors.push(message);
}

function activeOp(active: boolean): unknown {
  // okta-wire.md §1.5: lower-case op, no path, value object.
  return { schemas: [SCIM_PATCH_SCHEMA], Operations: [{ op: 'replace', value: { active } }] };
}

function renameOp(id: string, displayName: string): unknown {
  return { op: 'replace', value: { id, displayName } };
}

function isListResponse(json: unknown): boolean {
  return isRecord(json) && (Array.isArray(json['Resources']) || Array.isArray(json['resources']) || json['totalResults'] === 0);
}

/** The resource a filter found: the one whose userName matches (case-insensitively), else the first. */
function firstMatch(json: unknown, userName: string): { id: string; active: unknown } | undefined {
  if (!isRecord(json)) return undefined;
  const list = json['Resources'] ?? json['resources']; // lower-case tolerated by Okta in 2018 (§1.0)
  if (!Array.isArray(list)) return undefined;
  // One pass, no copy of the list: the first resource with an id whose userName matches in any
  // case, else the first resource with an id.
  const wanted = userName.toLowerCase();
  let first: Record<string, unknown> | undefined;
  for (let i = 0; i < list.length; i += 1) {
    const r: unknown = list[i];
    if (!isRecord(r) || typeof r['id'] !== 'string' || r['id'] === '') continue;
    first ??= r;
    if (typeof r['userName'] === 'string' && r['userName'].toLowerCase() === wanted) return { id: r['id'], active: r['active'] };
  }
  return first ? { id: first['id'] as string, active: first['active'] } : undefined;
}
