/**
 * What an administrator does in the Admin Console and Okta's Management API cannot do
 * ([APPS]: "You can't currently configure provisioning features via the API"; no API starts an
 * import of a SCIM app, Import User Schema, or Push Now), served by the emulator under its own
 * prefix `/emulator/v1/…` so that no one mistakes it for Okta's API. Suites call these only
 * when the org is the emulator (it answers every request with {@link EMULATOR_HEADER}).
 *
 * It also serves the documented app user schema read (`GET /api/v1/meta/schemas/apps/{appId}/default`).
 */
import type { ApiRequest, ApiRouter } from './api-router.js';
import { objectBody } from './api-router.js';
import { runImport } from './app-import.js';
import { appSchemaJson, importUserSchema } from './app-schema.js';
import type { OktaScimClient } from './okta-scim-client.js';
import { notFound, validationFailed } from './okta-error-response.js';
import { newOktaId } from './okta-ids.js';
import type { OrgActions } from './org-actions.js';
import { nowIso, type OrgState, type PushRuleRecord, type UserRecord } from './org-state.js';
import type { ProvisioningEngine } from './provisioning-engine.js';
import { appUserJson, userJson } from './representations.js';

/** Every emulator response carries it; a real Okta org never does. */
export const EMULATOR_HEADER = 'X-Scim-Conformance-Emulator';

export function addEmulatorAdminRoutes(router: ApiRouter, state: OrgState, actions: OrgActions, engine: ProvisioningEngine, scim: OktaScimClient): void {
  const app = state.app;
  const appOf = (req: ApiRequest): void => {
    if (req.params['appId'] !== app.id) throw notFound(req.params['appId'] ?? '', 'AppInstance');
  };
  const settingsJson = (): unknown => ({ features: [...app.features], ...app.settings });

  router.add('GET', '/emulator/v1/apps/:appId/settings', (req) => {
    appOf(req);
    return { status: 200, body: settingsJson() };
  });

  // Provisioning → To App (features) and Push Groups settings.
  router.add('PUT', '/emulator/v1/apps/:appId/settings', (req) => {
    appOf(req);
    const body = objectBody(req);
    const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const enable = names(body['enableFeatures']);
    const disable = new Set(names(body['disableFeatures']));
    app.features = [...new Set([...app.features, ...enable])].filter((f) => !disable.has(f));
    if (typeof body['renameAppGroups'] === 'boolean') app.settings.renameAppGroups = body['renameAppGroups'];
    if (body['appType'] !== undefined) {
      if (body['appType'] !== 'OIN' && body['appType'] !== 'AIW') throw validationFailed([{ field: 'appType', problem: 'Must be OIN or AIW' }]);
      app.settings.appType = body['appType'];
    }
    app.lastUpdated = nowIso();
    return { status: 200, body: settingsJson() };
  });

  // Import tab → Import Now; answers when the import has finished, with its statistics.
  router.add('POST', '/emulator/v1/apps/:appId/imports', async (req) => {
    appOf(req);
    const kind = objectBody(req, false)['kind'] === 'INCREMENTAL' ? 'INCREMENTAL' : 'FULL';
    await engine.queue.idle();
    return { status: 200, body: await runImport(state, scim, kind) };
  });

  // Import tab → Confirm Assignments: a new Okta user, assigned and linked to the SCIM user.
  router.add('POST', '/emulator/v1/apps/:appId/imports/confirm', (req) => {
    appOf(req);
    const externalId = objectBody(req)['externalId'];
    const pending = typeof externalId === 'string' ? state.importedUsers.get(externalId) : undefined;
    if (typeof externalId !== 'string' || !pending) throw notFound(String(externalId), 'ImportedUser');
    const login = pending.userName;
    if ([...state.users.values()].some((u) => String(u.profile['login'] ?? '').toLowerCase() === login.toLowerCase())) {
      throw validationFailed([{ field: 'login', problem: 'An object with this field already exists in the current organization' }]);
    }
    const now = nowIso();
    const user: UserRecord = {
      id: newOktaId('00u'), status: 'PROVISIONED', created: now, activated: now, statusChanged: now, lastUpdated: now,
      passwordChanged: null, hasPassword: false, password: null, recoveryQuestion: null,
      profile: {
        login,
        email: pending.profile['email'] ?? login,
        firstName: pending.profile['givenName'] ?? null,
        lastName: pending.profile['familyName'] ?? null,
      },
    };
    state.users.set(user.id, user);
    state.importedUsers.delete(externalId);
    const a = actions.assign(user, 'USER', login, { ...pending.profile }, externalId);
    return { status: 200, body: { user: userJson(state.orgUrl, user), appUser: appUserJson(state.orgUrl, a, app) } };
  });

  // Provisioning → To App → Import User Schema (okta-wire.md §1.12).
  router.add('POST', '/emulator/v1/apps/:appId/schema/import', async (req) => {
    appOf(req);
    return { status: 200, body: await importUserSchema(app, scim) };
  });

  // Push Groups → Active → Push Now: a full membership push ([PLAN C9316]).
  router.add('POST', '/emulator/v1/apps/:appId/group-push/mappings/:mappingId/push', (req) => {
    appOf(req);
    const m = state.pushMappings.get(req.params['mappingId'] ?? '');
    if (!m || m.deleted) throw notFound(req.params['mappingId'] ?? '', 'GroupPushMapping');
    if (m.status === 'INACTIVE') throw validationFailed([{ field: 'status', problem: 'Activate the group push mapping before pushing it' }]);
    engine.pushAllMembers(m);
    return { status: 202, body: { id: m.id, status: m.status } };
  });

  // Push Groups → Find groups by rule (no Management API call exists for push rules).
  const ruleJson = (id: string): unknown => {
    const rule = state.pushRules.get(id);
    const mappings = [...state.pushMappings.values()].filter((m) => m.ruleId === id && !m.deleted).map((m) => m.id);
    return rule ? { ...rule, mappingIds: mappings } : { id, deleted: true };
  };
  const ruleOf = (req: ApiRequest): PushRuleRecord => {
    appOf(req);
    const rule = state.pushRules.get(req.params['ruleId'] ?? '');
    if (!rule) throw notFound(req.params['ruleId'] ?? '', 'GroupPushRule');
    return rule;
  };

  router.add('POST', '/emulator/v1/apps/:appId/group-push/rules', (req) => {
    appOf(req);
    const body = objectBody(req);
    const name = body['name'];
    const prefix = body['groupNameStartsWith'];
    if (typeof name !== 'string' || name === '' || typeof prefix !== 'string' || prefix === '') {
      throw validationFailed([{ field: 'groupNameStartsWith', problem: 'A rule needs a name and a group name prefix' }]);
    }
    const rule: PushRuleRecord = { id: newOktaId('0pr'), name, groupNameStartsWith: prefix, status: 'ACTIVE', created: nowIso() };
    state.pushRules.set(rule.id, rule);
    for (const group of state.groups.values()) actions.applyPushRules(group, rule);
    return { status: 201, body: ruleJson(rule.id) };
  });

  router.add('PATCH', '/emulator/v1/apps/:appId/group-push/rules/:ruleId', (req) => {
    const rule = ruleOf(req);
    const status = objectBody(req)['status'];
    if (status !== 'ACTIVE' && status !== 'INACTIVE') throw validationFailed([{ field: 'status', problem: 'Must be ACTIVE or INACTIVE' }]);
    rule.status = status;
    // Re-activating pushes the matching groups created meanwhile; deactivating leaves pushed groups alone.
    if (status === 'ACTIVE') for (const group of state.groups.values()) actions.applyPushRules(group, rule);
    return { status: 200, body: ruleJson(rule.id) };
  });

  router.add('DELETE', '/emulator/v1/apps/:appId/group-push/rules/:ruleId', (req) => {
    const rule = ruleOf(req);
    actions.deletePushRule(rule, req.query.get('deleteTargetGroups') === 'true');
    return { status: 204 };
  });

  router.add('GET', '/api/v1/meta/schemas/apps/:appId/default', (req) => {
    appOf(req);
    return { status: 200, body: appSchemaJson(state.orgUrl, app) };
  });
}
