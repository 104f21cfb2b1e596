/**
 * Records → the JSON Okta returns (okta-wire.md §2.2): user objects without password values,
 * `_links` that depend on status, app users with `externalId`/`syncState`, groups, mappings.
 */
import type {
  OktaApp,
  OktaAppUser,
  OktaGroup,
  OktaGroupPushMapping,
  OktaLink,
  OktaUser,
} from '../api-types.js';
import type { AppRecord, AssignmentRecord, GroupRecord, PushMappingRecord, UserRecord } from './org-state.js';

const USER_TYPE_ID = 'otyemulatedDefaultTy';

function link(href: string, method?: string): OktaLink {
  return method ? { href, method } : { href };
}

export function userJson(orgUrl: string, u: UserRecord): OktaUser {
  const self = `${orgUrl}/api/v1/users/${u.id}`;
  const lifecycle = (op: string): OktaLink => link(`${self}/lifecycle/${op}`, 'POST');
  const links: Record<string, OktaLink> = { self: link(self) };
  // Lifecycle links offered per status, as Okta does.
  if (u.status === 'STAGED' || u.status === 'DEPROVISIONED') links['activate'] = lifecycle('activate');
  if (u.status === 'PROVISIONED' || u.status === 'RECOVERY') links['reactivate'] = lifecycle('reactivate');
  if (u.status === 'ACTIVE') {
    links['suspend'] = lifecycle('suspend');
    links['resetPassword'] = lifecycle('reset_password');
    links['expirePassword'] = lifecycle('expire_password');
    links['changePassword'] = link(`${self}/credentials/change_password`, 'POST');
  }
  if (u.status === 'SUSPENDED') links['unsuspend'] = lifecycle('unsuspend');
  if (u.status !== 'DEPROVISIONED') links['deactivate'] = lifecycle('deactivate');
  links['type'] = link(`${orgUrl}/api/v1/meta/types/user/${USER_TYPE_ID}`);
  links['schema'] = link(`${orgUrl}/api/v1/meta/schemas/user/${USER_TYPE_ID}`);
  return {
    id: u.id,
    status: u.status,
    created: u.created,
    activated: u.activated,
    statusChanged: u.statusChanged,
    lastLogin: null,
    lastUpdated: u.lastUpdated,
    passwordChanged: u.passwordChanged,
    type: { id: USER_TYPE_ID },
    transitioningToStatus: null,
    profile: structuredClone(u.profile),
    credentials: {
      ...(u.hasPassword ? { password: {} } : {}),
      ...(u.recoveryQuestion ? { recovery_question: { question: u.recoveryQuestion } } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: links,
  };
}

export function appJson(orgUrl: string, a: AppRecord): OktaApp {
  const self = `${orgUrl}/api/v1/apps/${a.id}`;
  return {
    id: a.id,
    name: a.name,
    label: a.label,
    status: a.status,
    lastUpdated: a.lastUpdated,
    created: a.created,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: {} },
    features: [...a.features],
    signOnMode: 'AUTO_LOGIN',
    credentials: { scheme: 'EDIT_USERNAME_AND_PASSWORD', userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
    settings: { app: {}, notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } }, signOn: {} },
    _links: {
      users: link(`${self}/users`),
      groups: link(`${self}/groups`),
      logo: [],
      appLinks: [],
      ...(a.status === 'ACTIVE' ? { deactivate: link(`${self}/lifecycle/deactivate`) } : { activate: link(`${self}/lifecycle/activate`) }),
    },
  };
}

export function appUserJson(orgUrl: string, a: AssignmentRecord, app: AppRecord): OktaAppUser {
  const pushes = app.features.includes('PUSH_NEW_USERS');
  // STAGED until the create job links a SCIM id; ACTIVE for apps that do not provision.
  const status = !pushes ? 'ACTIVE' : a.externalId ? 'PROVISIONED' : 'STAGED';
  const syncState = !pushes
    ? 'DISABLED'
    : a.provisioning === 'ERROR'
      ? 'ERROR'
      : a.pending > 0
        ? 'SYNCING'
        : a.externalId
          ? 'SYNCHRONIZED'
          : 'OUT_OF_SYNC';
  return {
    id: a.userId,
    externalId: a.externalId,
    created: a.created,
    lastUpdated: a.lastUpdated,
    scope: a.scope,
    status,
    statusChanged: a.statusChanged,
    passwordChanged: a.passwordChanged,
    syncState,
    lastSync: a.lastSync,
    credentials: { userName: a.userName },
    profile: structuredClone(a.profile),
    _links: {
      app: link(`${orgUrl}/api/v1/apps/${a.appId}`),
      user: link(`${orgUrl}/api/v1/users/${a.userId}`),
    },
  };
}

export function groupJson(orgUrl: string, g: GroupRecord): OktaGroup {
  const self = `${orgUrl}/api/v1/groups/${g.id}`;
  return {
    id: g.id,
    created: g.created,
    lastUpdated: g.lastUpdated,
    lastMembershipUpdated: g.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: structuredClone(g.profile),
    _links: {
      logo: [],
      users: link(`${self}/users`),
      apps: link(`${self}/apps`),
    },
  };
}

export function pushMappingJson(orgUrl: string, m: PushMappingRecord): OktaGroupPushMapping {
  const self = `${orgUrl}/api/v1/apps/${m.appId}/group-push/mappings/${m.id}`;
  return {
    id: m.id,
    sourceGroupId: m.sourceGroupId,
    targetGroupId: m.targetGroupId,
    status: m.status,
    created: m.created,
    lastUpdated: m.lastUpdated,
    lastPush: m.lastPush,
    errorSummary: m.errorSummary,
    _links: {
      self: link(self),
      app: link(`${orgUrl}/api/v1/apps/${m.appId}`),
      sourceGroup: link(`${orgUrl}/api/v1/groups/${m.sourceGroupId}`),
    },
  };
}
