/**
 * `/api/v1/users` of the emulated org (okta-wire.md §2.2 Users): create (`activate`
 * defaults to true), get by id or login, strict replace (PUT), partial update (POST),
 * lifecycle operations and the two-step delete.
 */
import { randomBytes } from 'node:crypto';
import type { ApiRequest, ApiResponse, ApiRouter } from './api-router.js';
import { objectBody, paginate } from './api-router.js';
import { OktaErrorResponse, notFound, validationFailed } from './okta-error-response.js';
import { newOktaId } from './okta-ids.js';
import { nowIso, type OrgState, type UserRecord } from './org-state.js';
import { setStatus, type OrgActions } from './org-actions.js';
import { userJson } from './representations.js';
import { isRecord } from './scim-user-mapping.js';

export function addUserRoutes(router: ApiRouter, state: OrgState, actions: OrgActions): void {
  const json = (u: UserRecord): unknown => userJson(state.orgUrl, u);

  router.add('GET', '/api/v1/users', (req) => {
    const q = req.query.get('q')?.toLowerCase();
    const users = [...state.users.values()].filter(
      (u) => !q || ['login', 'email', 'firstName', 'lastName'].some((k) => String(u.profile[k] ?? '').toLowerCase().startsWith(q)),
    );
    return paginate(state.orgUrl, req, users, json, { defaultLimit: 200, maxLimit: 200 });
  });

  router.add('POST', '/api/v1/users', (req) => {
    const body = objectBody(req);
    const profile = profileOf(body);
    validateProfile(state, profile, undefined);
    const password = passwordOf(body);
    const activate = req.query.get('activate') !== 'false'; // Okta's default is true
    const now = nowIso();
    const user: UserRecord = {
      id: newOktaId('00u'),
      status: 'STAGED',
      created: now,
      activated: null,
      statusChanged: null,
      lastUpdated: now,
      passwordChanged: password ? now : null,
      hasPassword: password !== undefined,
      password: password ?? null,
      recoveryQuestion: recoveryQuestionOf(body),
      profile,
    };
    state.users.set(user.id, user);
    if (activate) actions.activate(user);
    const groupIds = Array.isArray(body['groupIds']) ? body['groupIds'].filter((g): g is string => typeof g === 'string') : [];
    for (const gid of groupIds) {
      const group = state.groups.get(gid);
      if (group) actions.addMember(group, user);
    }
    return { status: 200, body: json(user) };
  });

  router.add('GET', '/api/v1/users/:userId', (req) => ({ status: 200, body: json(findUser(state, req.params['userId'] ?? '')) }));

  /** PUT replaces the profile strictly (attributes not sent are removed, okta-wire.md §2.2); POST merges. */
  const updateUser = (replace: boolean) => (req: ApiRequest): ApiResponse => {
    const user = findUser(state, req.params['userId'] ?? '');
    const body = objectBody(req);
    const profile = replace ? profileOf(body) : isRecord(body['profile']) ? { ...user.profile, ...body['profile'] } : user.profile;
    validateProfile(state, profile, user.id);
    const passwordSet = applyPassword(user, body);
    user.profile = profile;
    user.lastUpdated = nowIso();
    actions.profileChanged(user);
    if (passwordSet) actions.passwordChanged(user);
    return { status: 200, body: json(user) };
  };
  router.add('PUT', '/api/v1/users/:userId', updateUser(true));
  router.add('POST', '/api/v1/users/:userId', updateUser(false));

  router.add('DELETE', '/api/v1/users/:userId', (req) => {
    const user = findUser(state, req.params['userId'] ?? '');
    // First DELETE of a non-deactivated user only deactivates it (okta-wire.md §2.2).
    if (user.status !== 'DEPROVISIONED') {
      actions.deactivate(user);
      return { status: 204 };
    }
    for (const group of state.groups.values()) group.members.delete(user.id);
    state.users.delete(user.id);
    return { status: 204 };
  });

  router.add('POST', '/api/v1/users/:userId/lifecycle/:operation', (req) => lifecycle(state, actions, req));
}

function lifecycle(state: OrgState, actions: OrgActions, req: ApiRequest): ApiResponse {
  const user = findUser(state, req.params['userId'] ?? '');
  const sendEmail = req.query.get('sendEmail');
  switch (req.params['operation']) {
    case 'activate': {
      if (user.status === 'ACTIVE') throw new OktaErrorResponse('E0000016');
      if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') throw new OktaErrorResponse('E0000038');
      actions.activate(user);
      return { status: 200, body: activationBody(state, sendEmail) };
    }
    case 'reactivate': {
      if (user.status !== 'PROVISIONED' && user.status !== 'RECOVERY') throw new OktaErrorResponse('E0000038');
      setStatus(user, 'PROVISIONED');
      return { status: 200, body: activationBody(state, sendEmail) };
    }
    case 'deactivate': {
      // Okta documents deactivate for any status except DEPROVISIONED (error code UNCERTAIN).
      if (user.status === 'DEPROVISIONED') throw new OktaErrorResponse('E0000038');
      actions.deactivate(user);
      return { status: 200 };
    }
    case 'suspend': {
      if (user.status !== 'ACTIVE') throw validationFailed([{ field: 'status', problem: 'Only an ACTIVE user can be suspended' }]);
      setStatus(user, 'SUSPENDED'); // no SCIM call (okta-wire.md §1.8)
      return { status: 200, body: {} };
    }
    case 'unsuspend': {
      if (user.status !== 'SUSPENDED') throw validationFailed([{ field: 'status', problem: 'Only a SUSPENDED user can be unsuspended' }]);
      setStatus(user, 'ACTIVE');
      return { status: 200, body: {} };
    }
    default:
      throw notFound(req.path, 'Path');
  }
}

/** `{}` by default; the activation link when `sendEmail=false` (okta-wire.md §2.2). */
function activationBody(state: OrgState, sendEmail: string | null): Record<string, unknown> {
  if (sendEmail !== 'false') return {};
  const token = randomBytes(15).toString('base64url');
  return { activationUrl: `${state.orgUrl}/welcome/${token}`, activationToken: token };
}

export function findUser(state: OrgState, idOrLogin: string): UserRecord {
  const byId = state.users.get(idOrLogin);
  if (byId) return byId;
  const wanted = idOrLogin.toLowerCase();
  for (const u of state.users.values()) if (String(u.profile['login'] ?? '').toLowerCase() === wanted) return u;
  throw notFound(idOrLogin, 'User');
}

function profileOf(body: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(body['profile'])) throw validationFailed([{ field: 'profile', problem: 'The field cannot be left blank' }]);
  return structuredClone(body['profile']);
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Okta's default user schema: login, email, firstName, lastName required; login unique. */
function validateProfile(state: OrgState, profile: Record<string, unknown>, selfId: string | undefined): void {
  const problems: { field: string; problem: string }[] = [];
  for (const field of ['login', 'email', 'firstName', 'lastName']) {
    const v = profile[field];
    if (typeof v !== 'string' || v.trim() === '') problems.push({ field, problem: 'The field cannot be left blank' });
  }
  const login = profile['login'];
  if (typeof login === 'string' && login !== '' && !EMAIL.test(login)) {
    problems.push({ field: 'login', problem: 'Username must be in the form of an email address' });
  }
  const email = profile['email'];
  if (typeof email === 'string' && email !== '' && !EMAIL.test(email)) problems.push({ field: 'email', problem: 'Does not match required pattern' });
  if (typeof login === 'string' && login !== '') {
    const taken = [...state.users.values()].some((u) => u.id !== selfId && String(u.profile['login'] ?? '').toLowerCase() === login.toLowerCase());
    if (taken) problems.push({ field: 'login', problem: 'An object with this field already exists in the current organization' });
  }
  if (problems.length > 0) throw validationFailed(problems);
}

/** The password value, checked against Okta's default policy (8+ characters). */
function passwordOf(body: Record<string, unknown>): string | undefined {
  const credentials = body['credentials'];
  if (!isRecord(credentials) || !isRecord(credentials['password'])) return undefined;
  const value = credentials['password']['value'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 8) {
    throw validationFailed([{ field: 'password', problem: 'Password requirements were not met. Password requirements: at least 8 characters.' }]);
  }
  return value;
}

/** Sets the password when the body carries one (an admin setting it, [USERS] "Set password"); true if it did. */
function applyPassword(user: UserRecord, body: Record<string, unknown>): boolean {
  const password = passwordOf(body);
  if (password === undefined) return false;
  user.hasPassword = true;
  user.password = password;
  user.passwordChanged = nowIso();
  return true;
}

function recoveryQuestionOf(body: Record<string, unknown>): string | null {
  const credentials = body['credentials'];
  if (!isRecord(credentials) || !isRecord(credentials['recovery_question'])) return null;
  const q = credentials['recovery_question']['question'];
  return typeof q === 'string' ? q : null;
}
