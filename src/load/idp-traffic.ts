/**
 * The provisioning traffic of the load probe, in each identity provider's request shapes
 * (okta-wire.md §1.3–1.11; peers.md §3 "Entra vs Okta: the two client dialects"). One journey
 * provisions one user the way that IdP does: look up by userName, create, update, add to a
 * group, deactivate. Each write that is acknowledged (2xx) moves the state the user must read
 * back with afterwards.
 */
import { randomBytes } from 'node:crypto';
import { tryPathSegment } from '../http/url-segment.js';
import type { JsonObject } from '../scim/json-value.js';

/** The IdPs whose dialects the probe speaks. */
export type LoadClient = 'okta' | 'entra';

/** The operations a journey sends, for per-operation figures. */
export type LoadOperation = 'lookup' | 'create' | 'read' | 'update' | 'group-add' | 'deactivate';

/** What a journey's request returned (after the probe's 429 handling). */
export interface JourneyAnswer {
  /** HTTP status, or undefined when there was no usable answer (transport error, deadline). */
  readonly status?: number;
  readonly json?: unknown;
}

/** Sends one request of a journey; resolves undefined once the probe's time is up. */
export type JourneySend = (op: LoadOperation, method: string, path: string, body?: JsonObject) => Promise<JourneyAnswer | undefined>;

/** The last state of a created user that the server acknowledged. */
export interface ExpectedUser {
  readonly client: LoadClient;
  readonly id: string;
  readonly userName: string;
  readonly familyName: string;
  readonly active: boolean;
}

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const ok = (answer: JourneyAnswer | undefined): answer is JourneyAnswer =>
  answer?.status !== undefined && answer.status >= 200 && answer.status < 300;

/** The group each client's journeys add their users to (created before the traffic starts). */
export function groupBody(client: LoadClient, displayName: string): JsonObject {
  // Okta: {displayName, members: []} (okta-wire.md §1.11); Entra adds externalId (peers.md §3).
  return client === 'okta'
    ? { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [] }
    : { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], externalId: displayName, displayName, members: [] };
}

/**
 * The random part every test password of this process shares: the probe adds it to its redactor,
 * so a password echoed in an error body never reaches the report (test passwords are secrets).
 */
export const LOAD_PASSWORD_SECRET = randomBytes(12).toString('base64url');

function createBody(client: LoadClient, userName: string, n: number): JsonObject {
  if (client === 'okta') {
    // okta-wire.md §1.4: userName, name, emails, displayName, locale, groups: [], a random
    // password (sent even with password sync off), active, externalId = the Okta user id.
    return {
      schemas: [USER_URN],
      userName,
      name: { givenName: `Load${n}`, familyName: 'Probe' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: `Load${n} Probe`,
      locale: 'en-US',
      externalId: `00uload${n}`,
      groups: [],
      password: `Lp-${n}-${LOAD_PASSWORD_SECRET}`,
      active: true,
    };
  }
  // peers.md §3: core + enterprise schemas, externalId, active, work email, name.formatted, roles: [].
  return {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId: `load-${n}`,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: `Load${n} Probe`, familyName: 'Probe', givenName: `Load${n}` },
    roles: [],
    [ENTERPRISE_URN]: { employeeNumber: String(n) },
  };
}

/**
 * One user's journey in `client`'s dialect. Returns the acknowledged state to read back, or
 * undefined when the user was never created. Stops where the probe's time runs out.
 */
export async function runJourney(
  client: LoadClient,
  send: JourneySend,
  userName: string,
  n: number,
  groupId: string | undefined,
): Promise<ExpectedUser | undefined> {
  const filter = encodeURIComponent(`userName eq "${userName}"`);
  // Both look the user up by userName before creating it (okta-wire.md §1.3; peers.md §3).
  const lookup = await send('lookup', 'GET', client === 'okta' ? `/Users?filter=${filter}&startIndex=1&count=100` : `/Users?filter=${filter}`);
  if (lookup === undefined) return undefined;
  const created = await send('create', 'POST', '/Users', createBody(client, userName, n));
  const id = ok(created) && typeof created.json === 'object' && created.json !== null ? (created.json as Record<string, unknown>)['id'] : undefined;
  if (typeof id !== 'string') return undefined;
  let state: ExpectedUser = { client, id, userName, familyName: 'Probe', active: true };
  // The id as one path segment (http/url-segment.ts); one no URL can carry ends the journey here
  // (the read-back then reports it).
  const segment = tryPathSegment(id);
  if (segment === undefined) return state;
  const path = `/Users/${segment}`;

  // Update the family name: Okta reads, then PUTs the whole resource back (okta-wire.md §1.5);
  // Entra PATCHes one attribute with "Replace" (capital R, peers.md §3).
  const familyName = `Probe-updated-${n}`;
  if (client === 'okta') {
    const read = await send('read', 'GET', path);
    if (!ok(read) || typeof read.json !== 'object' || read.json === null) return state;
    const current = read.json as JsonObject;
    const currentName = typeof current['name'] === 'object' && current['name'] !== null && !Array.isArray(current['name']) ? current['name'] : {};
    const updated = await send('update', 'PUT', path, { ...current, name: { ...currentName, familyName } });
    if (updated === undefined) return state;
    if (ok(updated)) state = { ...state, familyName };
  } else {
    const updated = await send('update', 'PATCH', path, {
      schemas: [PATCH_URN],
      Operations: [{ op: 'Replace', path: 'name.familyName', value: familyName }],
    });
    if (updated === undefined) return state;
    if (ok(updated)) state = { ...state, familyName };
  }

  // Group membership: Okta sends the rename op with every membership update and adds
  // [{value, display}] (okta-wire.md §1.11); Entra adds [{"$ref": null, value}] with "Add".
  const groupSegment = groupId === undefined ? undefined : tryPathSegment(groupId);
  if (groupSegment !== undefined) {
    const groupPath = `/Groups/${groupSegment}`;
    const added = await send('group-add', 'PATCH', groupPath, client === 'okta'
      ? { schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'members', value: [{ value: id, display: userName }] }] }
      : { schemas: [PATCH_URN], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: id }] }] });
    if (added === undefined) return state;
  }

  // Deactivate: Okta's path-less replace (okta-wire.md §1.6); Entra's string "False" (peers.md §3).
  const deactivated = await send('deactivate', 'PATCH', path, client === 'okta'
    ? { schemas: [PATCH_URN], Operations: [{ op: 'replace', value: { active: false } }] }
    : { schemas: [PATCH_URN], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  if (ok(deactivated)) state = { ...state, active: false };
  return state;
}
