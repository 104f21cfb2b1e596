import type { JsonObject } from '../../src/scim/json-value.js';
import { GROUP_SCHEMA_URN, PATCH_OP_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';
import type { ReferenceServer } from '../../src/reference-server/index.js';

/** A response as the tests inspect it. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body (an empty object when there is none or it is not an object). */
  readonly json: JsonObject;
}

/** Options of {@link send}. */
export interface SendOptions {
  readonly body?: unknown;
  /** Raw body text (wins over `body`). */
  readonly rawBody?: string;
  readonly contentType?: string;
  /** Authorization header value; null sends none. Default: the reference token. */
  readonly authorization?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Sends one request to `server` (path relative to its base URL) with global fetch. */
export async function send(server: ReferenceServer, method: string, path: string, options: SendOptions = {}): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const authorization = options.authorization === undefined ? 'Bearer reference-token' : options.authorization;
  if (authorization !== null) headers['Authorization'] = authorization;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/scim+json; charset=utf-8';
  const response = await fetch(`${server.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: JsonObject = {};
  if (text !== '') {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as JsonObject;
  }
  return { status: response.status, headers: response.headers, text, json };
}

let counter = 0;

/** A unique userName for a test. */
export function uniqueUserName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${counter}.${Date.now()}@example.com`;
}

/** A realistic User body (Okta's POST shape, okta-wire.md §1.2). */
export function userBody(userName: string, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA_URN],
    userName,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
    ...extra,
  };
}

/** Creates a User and returns its representation (asserting 201 or 200). */
export async function createUser(server: ReferenceServer, userName = uniqueUserName(), extra: Readonly<Record<string, unknown>> = {}): Promise<JsonObject> {
  const response = await send(server, 'POST', '/Users', { body: userBody(userName, extra) });
  if (response.status !== 201 && response.status !== 200) throw new Error(`create user: ${response.status} ${response.text}`);
  return response.json;
}

/** Creates a Group and returns its representation. */
export async function createGroup(server: ReferenceServer, displayName: string, members: readonly JsonObject[] = []): Promise<JsonObject> {
  const response = await send(server, 'POST', '/Groups', { body: { schemas: [GROUP_SCHEMA_URN], displayName, members } });
  if (response.status !== 201 && response.status !== 200) throw new Error(`create group: ${response.status} ${response.text}`);
  return response.json;
}

/** A PatchOp body with these operations. */
export function patchBody(...operations: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/** The `id` of a representation, as a string. */
export function idOf(resource: JsonObject): string {
  const id = resource['id'];
  if (typeof id !== 'string') throw new Error(`no id in ${JSON.stringify(resource)}`);
  return id;
}

/** A filter query string component, percent-encoded as Okta sends it. */
export function filterQuery(filter: string): string {
  return `filter=${encodeURIComponent(filter)}`;
}
