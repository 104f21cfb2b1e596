/**
 * `/api/v1/groups` of the emulated org (okta-wire.md §2.2 Groups): create, rename (PUT),
 * delete, and membership, each feeding Group Push and group-based assignment.
 */
import type { ApiRouter } from './api-router.js';
import { objectBody, paginate } from './api-router.js';
import { notFound, validationFailed } from './okta-error-response.js';
import { newOktaId } from './okta-ids.js';
import { nowIso, type GroupRecord, type OrgState } from './org-state.js';
import type { OrgActions } from './org-actions.js';
import { groupJson, userJson } from './representations.js';
import { isRecord } from './scim-user-mapping.js';
import { findUser } from './users-api.js';

export function addGroupRoutes(router: ApiRouter, state: OrgState, actions: OrgActions): void {
  const json = (g: GroupRecord): unknown => groupJson(state.orgUrl, g);

  router.add('GET', '/api/v1/groups', (req) => {
    const q = req.query.get('q')?.toLowerCase();
    const groups = [...state.groups.values()].filter((g) => !q || g.profile.name.toLowerCase().startsWith(q));
    return paginate(state.orgUrl, req, groups, json, { defaultLimit: 10000, maxLimit: 10000 });
  });

  router.add('POST', '/api/v1/groups', (req) => {
    const profile = groupProfileOf(state, objectBody(req), undefined);
    const now = nowIso();
    const group: GroupRecord = { id: newOktaId('00g'), created: now, lastUpdated: now, lastMembershipUpdated: now, profile, members: new Set() };
    state.groups.set(group.id, group);
    actions.applyPushRules(group);
    return { status: 200, body: json(group) };
  });

  router.add('GET', '/api/v1/groups/:groupId', (req) => ({ status: 200, body: json(findGroup(state, req.params['groupId'] ?? '')) }));

  router.add('PUT', '/api/v1/groups/:groupId', (req) => {
    const group = findGroup(state, req.params['groupId'] ?? '');
    const profile = groupProfileOf(state, objectBody(req), group.id);
    const renamed = profile.name !== group.profile.name;
    group.profile = profile;
    group.lastUpdated = nowIso();
    if (renamed) actions.renamed(group);
    return { status: 200, body: json(group) };
  });

  router.add('DELETE', '/api/v1/groups/:groupId', (req) => {
    actions.deleteGroup(findGroup(state, req.params['groupId'] ?? ''));
    return { status: 204 };
  });

  router.add('GET', '/api/v1/groups/:groupId/users', (req) => {
    const group = findGroup(state, req.params['groupId'] ?? '');
    const users = [...group.members].flatMap((id) => {
      const u = state.users.get(id);
      return u ? [u] : [];
    });
    return paginate(state.orgUrl, req, users, (u) => userJson(state.orgUrl, u), { defaultLimit: 1000, maxLimit: 1000 });
  });

  router.add('PUT', '/api/v1/groups/:groupId/users/:userId', (req) => {
    const group = findGroup(state, req.params['groupId'] ?? '');
    actions.addMember(group, findUser(state, req.params['userId'] ?? ''));
    return { status: 204 };
  });

  router.add('DELETE', '/api/v1/groups/:groupId/users/:userId', (req) => {
    const group = findGroup(state, req.params['groupId'] ?? '');
    actions.removeMember(group, findUser(state, req.params['userId'] ?? ''));
    return { status: 204 };
  });
}

export function findGroup(state: OrgState, groupId: string): GroupRecord {
  const group = state.groups.get(groupId);
  if (!group) throw notFound(groupId, 'UserGroup');
  return group;
}

function groupProfileOf(state: OrgState, body: Record<string, unknown>, selfId: string | undefined): GroupRecord['profile'] {
  const profile = body['profile'];
  const name = isRecord(profile) ? profile['name'] : undefined;
  if (!isRecord(profile) || typeof name !== 'string' || name.trim() === '') {
    throw validationFailed([{ field: 'name', problem: 'The field cannot be left blank' }]);
  }
  const taken = [...state.groups.values()].some((g) => g.id !== selfId && g.profile.name.toLowerCase() === name.toLowerCase());
  if (taken) throw validationFailed([{ field: 'name', problem: 'An object with this field already exists in the current organization' }]);
  const description = typeof profile['description'] === 'string' ? profile['description'] : null;
  return { ...structuredClone(profile), name, description };
}
