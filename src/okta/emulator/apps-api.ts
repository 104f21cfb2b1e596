/**
 * `/api/v1/apps` of the emulated org (okta-wire.md §2.2 Apps, App users, Group Push): the
 * one app instance, its assignments (with the E0000075 check on mapped attributes), group
 * assignments and Group Push mappings.
 */
import type { ApiRequest, ApiRouter } from './api-router.js';
import { objectBody, paginate } from './api-router.js';
import { OktaErrorResponse, notFound, validationFailed } from './okta-error-response.js';
import { newOktaId } from './okta-ids.js';
import { nowIso, type AssignmentRecord, type OrgState, type PushMappingRecord } from './org-state.js';
import type { OrgActions } from './org-actions.js';
import type { ProvisioningEngine } from './provisioning-engine.js';
import { appJson, appUserJson, pushMappingJson } from './representations.js';
import { MAPPED_APP_ATTRIBUTES, deriveAppProfile, isRecord } from './scim-user-mapping.js';
import { findUser } from './users-api.js';
import { findGroup } from './groups-api.js';

export function addAppRoutes(router: ApiRouter, state: OrgState, actions: OrgActions, engine: ProvisioningEngine): void {
  const app = state.app;
  const appOf = (req: ApiRequest): typeof app => {
    if (req.params['appId'] !== app.id) throw notFound(req.params['appId'] ?? '', 'AppInstance');
    return app;
  };
  const appUser = (a: AssignmentRecord): unknown => appUserJson(state.orgUrl, a, app);

  router.add('GET', '/api/v1/apps', (req) => {
    const filter = req.query.get('filter');
    const status = filter ? /status\s+eq\s+"(\w+)"/i.exec(filter)?.[1]?.toUpperCase() : undefined;
    const q = req.query.get('q')?.toLowerCase();
    const apps = [app].filter((a) => (!status || a.status === status) && (!q || a.name.startsWith(q) || a.label.toLowerCase().startsWith(q)));
    return paginate(state.orgUrl, req, apps, (a) => appJson(state.orgUrl, a), { defaultLimit: 20, maxLimit: 200 });
  });

  router.add('GET', '/api/v1/apps/:appId', (req) => ({ status: 200, body: appJson(state.orgUrl, appOf(req)) }));

  router.add('POST', '/api/v1/apps/:appId/lifecycle/:operation', (req) => {
    const a = appOf(req);
    const op = req.params['operation'];
    if (op !== 'activate' && op !== 'deactivate') throw notFound(req.path, 'Path');
    a.status = op === 'activate' ? 'ACTIVE' : 'INACTIVE';
    a.lastUpdated = nowIso();
    return { status: 200, body: {} };
  });

  // ---- app users ------------------------------------------------------------------------------

  router.add('GET', '/api/v1/apps/:appId/users', (req) => {
    appOf(req);
    const q = req.query.get('q')?.toLowerCase();
    const list = [...state.assignments.values()]
      .filter((a) => a.assigned)
      .filter((a) => !q || [a.userName, a.profile['givenName'], a.profile['familyName'], a.profile['email']].some((v) => String(v ?? '').toLowerCase().startsWith(q)))
      .map((a) => ({ id: a.userId, a }));
    return paginate(state.orgUrl, req, list, (x) => appUser(x.a), { defaultLimit: 50, maxLimit: 500 });
  });

  router.add('POST', '/api/v1/apps/:appId/users', (req) => {
    appOf(req);
    const body = objectBody(req);
    const userId = body['id'];
    if (typeof userId !== 'string' || userId === '') throw validationFailed([{ field: 'id', problem: 'The field cannot be left blank' }]);
    if (body['scope'] !== undefined && body['scope'] !== 'USER') throw validationFailed([{ field: 'scope', problem: 'Only USER scope can be assigned directly' }]);
    const user = findUser(state, userId);
    if (user.status === 'DEPROVISIONED') throw new OktaErrorResponse('E0000038');
    const requested = isRecord(body['profile']) ? body['profile'] : {};
    const existing = actions.assignmentOf(user.id);
    checkMappedAttributes(state, user.profile, requested);
    const userName = userNameOf(body) ?? existing?.userName ?? String(user.profile['login'] ?? user.id);
    if (existing) {
      // Assigning an assigned user updates it (and makes a group assignment individual).
      existing.scope = 'USER';
      actions.updateAssignment(existing, userName, { ...existing.profile, ...requested });
      return { status: 200, body: appUser(existing) };
    }
    return { status: 200, body: appUser(actions.assign(user, 'USER', userName, requested)) };
  });

  router.add('GET', '/api/v1/apps/:appId/users/:userId', (req) => {
    appOf(req);
    return { status: 200, body: appUser(assignedOrThrow(actions, req.params['userId'] ?? '')) };
  });

  router.add('POST', '/api/v1/apps/:appId/users/:userId', (req) => {
    appOf(req);
    const a = assignedOrThrow(actions, req.params['userId'] ?? '');
    const body = objectBody(req);
    const requested = isRecord(body['profile']) ? body['profile'] : {};
    const user = state.users.get(a.userId);
    if (user) checkMappedAttributes(state, user.profile, requested);
    actions.updateAssignment(a, userNameOf(body) ?? a.userName, { ...a.profile, ...requested });
    return { status: 200, body: appUser(a) };
  });

  router.add('DELETE', '/api/v1/apps/:appId/users/:userId', (req) => {
    appOf(req);
    actions.unassign(assignedOrThrow(actions, req.params['userId'] ?? ''));
    return { status: 204 };
  });

  // ---- app groups -----------------------------------------------------------------------------

  router.add('GET', '/api/v1/apps/:appId/groups', (req) => {
    appOf(req);
    const list = [...app.groupAssignments.entries()].map(([id, g]) => ({ id, ...g }));
    return paginate(state.orgUrl, req, list, (g) => ({ id: g.id, lastUpdated: g.lastUpdated, priority: g.priority, profile: g.profile }), {
      defaultLimit: 20,
      maxLimit: 200,
    });
  });

  router.add('PUT', '/api/v1/apps/:appId/groups/:groupId', (req) => {
    appOf(req);
    const group = findGroup(state, req.params['groupId'] ?? '');
    const body = objectBody(req, false);
    const priority = typeof body['priority'] === 'number' ? body['priority'] : app.groupAssignments.size;
    actions.assignGroup(group, priority, isRecord(body['profile']) ? body['profile'] : {});
    const g = app.groupAssignments.get(group.id);
    return { status: 200, body: { id: group.id, lastUpdated: g?.lastUpdated, priority: g?.priority, profile: g?.profile ?? {} } };
  });

  router.add('GET', '/api/v1/apps/:appId/groups/:groupId', (req) => {
    appOf(req);
    const g = app.groupAssignments.get(req.params['groupId'] ?? '');
    if (!g) throw notFound(req.params['groupId'] ?? '', 'ApplicationGroupAssignment');
    return { status: 200, body: { id: req.params['groupId'], lastUpdated: g.lastUpdated, priority: g.priority, profile: g.profile } };
  });

  router.add('DELETE', '/api/v1/apps/:appId/groups/:groupId', (req) => {
    appOf(req);
    const group = findGroup(state, req.params['groupId'] ?? '');
    if (!app.groupAssignments.has(group.id)) throw notFound(group.id, 'ApplicationGroupAssignment');
    actions.unassignGroup(group);
    return { status: 204 };
  });

  // ---- group push mappings ----------------------------------------------------------------------

  const mappingJson = (m: PushMappingRecord): unknown => pushMappingJson(state.orgUrl, m);
  const mappingOf = (req: ApiRequest): PushMappingRecord => {
    const m = state.pushMappings.get(req.params['mappingId'] ?? '');
    if (!m || m.deleted) throw notFound(req.params['mappingId'] ?? '', 'GroupPushMapping');
    return m;
  };

  router.add('POST', '/api/v1/apps/:appId/group-push/mappings', (req) => {
    appOf(req);
    if (!app.features.includes('GROUP_PUSH')) {
      throw validationFailed([{ field: 'GROUP_PUSH', problem: 'Group Push is not enabled for this app' }]);
    }
    const body = objectBody(req);
    const sourceGroupId = body['sourceGroupId'];
    if (typeof sourceGroupId !== 'string') throw validationFailed([{ field: 'sourceGroupId', problem: 'The field cannot be left blank' }]);
    findGroup(state, sourceGroupId);
    const name = typeof body['targetGroupName'] === 'string' && body['targetGroupName'] !== '' ? body['targetGroupName'] : null;
    const targetId = typeof body['targetGroupId'] === 'string' && body['targetGroupId'] !== '' ? body['targetGroupId'] : null;
    if ((name === null) === (targetId === null)) {
      throw validationFailed([{ field: 'targetGroupName', problem: 'Exactly one of targetGroupName and targetGroupId is required' }]);
    }
    if ([...state.pushMappings.values()].some((m) => !m.deleted && m.sourceGroupId === sourceGroupId)) {
      throw validationFailed([{ field: 'sourceGroupId', problem: 'A group push mapping for this group already exists' }]);
    }
    const status = body['status'] === 'INACTIVE' ? 'INACTIVE' : 'ACTIVE';
    const now = nowIso();
    const m: PushMappingRecord = {
      id: newOktaId('0gp'),
      appId: app.id,
      sourceGroupId,
      targetGroupId: targetId,
      targetGroupName: name,
      status,
      created: now,
      lastUpdated: now,
      lastPush: null,
      errorSummary: null,
      deleted: false,
      pushedName: null,
    };
    state.pushMappings.set(m.id, m);
    if (status === 'ACTIVE') startPush(engine, m);
    return { status: 201, body: mappingJson(m) };
  });

  router.add('GET', '/api/v1/apps/:appId/group-push/mappings', (req) => {
    appOf(req);
    const source = req.query.get('sourceGroupId');
    const status = req.query.get('status');
    const list = [...state.pushMappings.values()].filter((m) => !m.deleted && (!source || m.sourceGroupId === source) && (!status || m.status === status));
    return paginate(state.orgUrl, req, list, mappingJson, { defaultLimit: 100, maxLimit: 1000 });
  });

  router.add('GET', '/api/v1/apps/:appId/group-push/mappings/:mappingId', (req) => {
    appOf(req);
    return { status: 200, body: mappingJson(mappingOf(req)) };
  });

  router.add('PATCH', '/api/v1/apps/:appId/group-push/mappings/:mappingId', (req) => {
    appOf(req);
    const m = mappingOf(req);
    const status = objectBody(req)['status'];
    if (status !== 'ACTIVE' && status !== 'INACTIVE') throw validationFailed([{ field: 'status', problem: 'Must be ACTIVE or INACTIVE' }]);
    const wasInactive = m.status === 'INACTIVE';
    m.status = status;
    m.lastUpdated = nowIso();
    if (status === 'ACTIVE' && wasInactive) {
      // Never pushed: do the first push now; pushed before: push the full membership.
      if (m.targetGroupId === null) engine.pushNewGroup(m);
      else if (m.lastPush === null) engine.linkGroup(m);
      else engine.pushAllMembers(m);
    }
    return { status: 200, body: mappingJson(m) };
  });

  router.add('DELETE', '/api/v1/apps/:appId/group-push/mappings/:mappingId', (req) => {
    appOf(req);
    const m = mappingOf(req);
    if (m.status === 'ACTIVE') throw validationFailed([{ field: 'status', problem: 'Deactivate the group push mapping before deleting it' }]);
    m.deleted = true;
    m.lastUpdated = nowIso();
    // deleteTargetGroup=true ↔ "Delete the group in the target app" (okta-wire.md §1.11).
    if (req.query.get('deleteTargetGroup') === 'true') engine.deleteTargetGroup(m);
    return { status: 204 };
  });

  // ---- governance (entitlements CRUD variant) -------------------------------------------------

  router.add('POST', '/governance/api/v1/grants', (req) => {
    const body = objectBody(req);
    const now = nowIso();
    return { status: 200, body: { id: newOktaId('0gr'), ...body, created: now, lastUpdated: now, status: 'ACTIVE' } };
  });
}

function startPush(engine: ProvisioningEngine, m: PushMappingRecord): void {
  if (m.targetGroupId) engine.linkGroup(m);
  else engine.pushNewGroup(m);
}

function assignedOrThrow(actions: OrgActions, userId: string): AssignmentRecord {
  const a = actions.assignmentOf(userId);
  if (!a) throw notFound(userId, 'AppUser');
  return a;
}

function userNameOf(body: Record<string, unknown>): string | undefined {
  const c = body['credentials'];
  const u = isRecord(c) ? c['userName'] : undefined;
  return typeof u === 'string' && u !== '' ? u : undefined;
}

/**
 * Mapped app-user attributes must equal what the mapping gives when the app pushes users
 * (APPS: 403 E0000075) — why CRUD step 13 sends the updated first name.
 */
function checkMappedAttributes(state: OrgState, userProfile: Readonly<Record<string, unknown>>, requested: Readonly<Record<string, unknown>>): void {
  const features = state.app.features;
  if (!features.includes('PUSH_NEW_USERS') && !features.includes('PUSH_PROFILE_UPDATES')) return;
  const derived = deriveAppProfile(userProfile, {});
  for (const attr of Object.keys(MAPPED_APP_ATTRIBUTES)) {
    if (attr in requested && requested[attr] !== derived[attr]) throw new OktaErrorResponse('E0000075', attr);
  }
}
