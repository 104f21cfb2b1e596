/**
 * Okta Management API client for a real org (or the emulator): what a CRUD run and an OIN
 * readiness check need (okta-wire.md §2). `Authorization: SSWS <token>`, JSON both ways.
 * Every call goes through `sendRequest` (the only user of undici); Okta errors become a typed
 * `OktaApiError` whose message never contains the token; a 429 waits until
 * `X-Rate-Limit-Reset` (bounded); `Link: rel="next"` pages are followed.
 */
import type { HeaderList, HttpExchange } from '../model/result.js';
import { parseBoundedJson } from '../http/bounded-json.js';
import { capText } from '../http/cap.js';
import { encodePathSegment } from '../http/url-segment.js';
import { createRedactor, redactHeader, type Redactor } from '../http/redact.js';
import { sendRequest, type IncomingResponse } from '../http/send.js';
import type {
  OktaApp,
  OktaAppGroupAssignment,
  OktaAppUser,
  OktaAppUserAssignment,
  OktaAppUserUpdate,
  OktaGovernanceGrant,
  OktaGroup,
  OktaGroupProfile,
  OktaGroupPushMapping,
  OktaGroupPushMappingCreate,
  OktaUser,
  OktaUserPatch,
  OktaUserWrite,
} from './api-types.js';
import { headerValue } from './header-values.js';
import { findNextLink } from './link-header.js';
import { abortableSleep } from './abortable-sleep.js';
import { OktaApiError, parseOktaErrorBody } from './okta-api-error.js';
import { rateLimitWait } from './rate-limit.js';

export interface OktaClientOptions {
  /** `https://your-org.okta.com` (a trailing slash is ignored). */
  readonly orgUrl: string;
  /** API token, without the `SSWS ` prefix. */
  readonly token: string;
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
  /** Longest wait for a rate-limit reset; default 60 s. A longer reset fails the call. */
  readonly maxRateLimitWaitMs?: number;
  /** Retries after 429s for one call; default 3. */
  readonly maxRateLimitRetries?: number;
  /** Most pages followed for one list; default 1000. */
  readonly maxPages?: number;
  /** Clock (ms since epoch) used when a 429 has no `Date` header; default `Date.now`. */
  readonly now?: () => number;
  /** Sleep used for rate-limit waits; default a timer that the `signal` cancels. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Cancels waits and requests (Ctrl-C). */
  readonly signal?: AbortSignal;
  /**
   * The run's deadline (epoch ms, from `--max-duration`): a rate-limit wait that would end after
   * it is not made (the call fails as rate-limited, saying so), and no wait is longer than the
   * time left (issue 14: every server-supplied delay is clamped to the remaining budget).
   */
  readonly deadline?: number;
  /** Sees every exchange, redacted (for reports and debugging). */
  readonly onExchange?: (exchange: HttpExchange) => void;
  readonly userAgent?: string;
}

// A type alias (not an interface) so it is assignable to the query record.
export type OktaListQuery = {
  /** Page size Okta should use (Okta's default for app users is 50, max 500). */
  readonly limit?: number;
  /** Okta `q` (starts-with search). */
  readonly q?: string;
  /** Okta `filter` expression, e.g. `status eq "ACTIVE"`. */
  readonly filter?: string;
};

/** Result of `lifecycle/activate`: `{}`, or the activation link when `sendEmail=false`. */
export interface OktaActivation {
  readonly activationUrl?: string;
  readonly activationToken?: string;
  readonly [field: string]: unknown;
}

type Json = Readonly<Record<string, unknown>>;
type QueryValue = string | number | boolean | undefined;

interface CallOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body; `null` sends an empty body with `Content-Length: 0` (Okta wants it on POST/PUT). */
  readonly body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_WAIT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_MAX_PAGES = 1000;

export class OktaClient {
  /** The org URL without a trailing slash. */
  readonly orgUrl: string;
  readonly #token: string;
  readonly #redact: Redactor;
  readonly #options: OktaClientOptions;

  constructor(options: OktaClientOptions) {
    this.orgUrl = options.orgUrl.trim().replace(/\/+$/, '');
    this.#token = options.token;
    this.#redact = createRedactor([options.token, `SSWS ${options.token}`]);
    this.#options = options;
  }

  // ---- apps ---------------------------------------------------------------------------

  /** `GET /api/v1/apps/{appId}` — CRUD step 1. */
  async getApp(appId: string): Promise<OktaApp> {
    return this.#object<OktaApp>('GET', `/api/v1/apps/${seg(appId)}`, {}, 'app');
  }

  /** `GET /api/v1/apps` (all pages), e.g. `{ filter: 'status eq "ACTIVE"' }` to count instances. */
  async listApps(query: OktaListQuery = {}): Promise<readonly OktaApp[]> {
    return this.#list<OktaApp>('/api/v1/apps', query, 'app');
  }

  // ---- app users (assignments) ----------------------------------------------------------

  /** `GET /api/v1/apps/{appId}/users` (all pages). */
  async listAppUsers(appId: string, query: OktaListQuery = {}): Promise<readonly OktaAppUser[]> {
    return this.#list<OktaAppUser>(`/api/v1/apps/${seg(appId)}/users`, query, 'app user');
  }

  /** `POST /api/v1/apps/{appId}/users` — assigns (CRUD steps 3 and 13); Okta provisions asynchronously. */
  async assignUserToApp(appId: string, assignment: OktaAppUserAssignment): Promise<OktaAppUser> {
    return this.#object<OktaAppUser>('POST', `/api/v1/apps/${seg(appId)}/users`, { body: assignment }, 'app user');
  }

  /** `GET /api/v1/apps/{appId}/users/{userId}`. */
  async getAppUser(appId: string, userId: string): Promise<OktaAppUser> {
    return this.#object<OktaAppUser>('GET', `/api/v1/apps/${seg(appId)}/users/${seg(userId)}`, {}, 'app user');
  }

  /** `POST /api/v1/apps/{appId}/users/{userId}` — updates the assignment's profile/credentials. */
  async updateAppUser(appId: string, userId: string, update: OktaAppUserUpdate): Promise<OktaAppUser> {
    return this.#object<OktaAppUser>('POST', `/api/v1/apps/${seg(appId)}/users/${seg(userId)}`, { body: update }, 'app user');
  }

  /** `DELETE /api/v1/apps/{appId}/users/{userId}` — unassigns (CRUD step 17); 204. */
  async unassignUserFromApp(appId: string, userId: string, options: { sendEmail?: boolean } = {}): Promise<void> {
    await this.#call('DELETE', `/api/v1/apps/${seg(appId)}/users/${seg(userId)}`, { query: { sendEmail: options.sendEmail } });
  }

  // ---- users ----------------------------------------------------------------------------

  /** `POST /api/v1/users?activate=…` (default `activate=true`) — CRUD step 2. */
  async createUser(user: OktaUserWrite, options: { activate?: boolean } = {}): Promise<OktaUser> {
    return this.#object<OktaUser>('POST', '/api/v1/users', { query: { activate: options.activate ?? true }, body: user }, 'user');
  }

  /** `GET /api/v1/users/{id or login}`. */
  async getUser(idOrLogin: string): Promise<OktaUser> {
    return this.#object<OktaUser>('GET', `/api/v1/users/${seg(idOrLogin)}`, {}, 'user');
  }

  /** `PUT /api/v1/users/{id}` — strict replace: profile attributes not sent are removed (CRUD step 6). */
  async replaceUser(userId: string, user: OktaUserWrite): Promise<OktaUser> {
    return this.#object<OktaUser>('PUT', `/api/v1/users/${seg(userId)}`, { body: user }, 'user');
  }

  /** `POST /api/v1/users/{id}` — partial update. */
  async updateUser(userId: string, patch: OktaUserPatch): Promise<OktaUser> {
    return this.#object<OktaUser>('POST', `/api/v1/users/${seg(userId)}`, { body: patch }, 'user');
  }

  /** `POST /api/v1/users/{id}/lifecycle/activate` — 403 E0000016 when already active (CRUD step 12). */
  async activateUser(userId: string, options: { sendEmail?: boolean } = {}): Promise<OktaActivation> {
    const res = await this.#call('POST', `/api/v1/users/${seg(userId)}/lifecycle/activate`, { query: { sendEmail: options.sendEmail }, body: null });
    return (res.json ?? {}) as OktaActivation;
  }

  /** `POST /api/v1/users/{id}/lifecycle/deactivate` — Okta deprovisions the user's apps (CRUD step 9). */
  async deactivateUser(userId: string, options: { sendEmail?: boolean } = {}): Promise<void> {
    await this.#call('POST', `/api/v1/users/${seg(userId)}/lifecycle/deactivate`, { query: { sendEmail: options.sendEmail }, body: null });
  }

  /** `POST /api/v1/users/{id}/lifecycle/reactivate` — only for PROVISIONED/RECOVERY users. */
  async reactivateUser(userId: string, options: { sendEmail?: boolean } = {}): Promise<OktaActivation> {
    const res = await this.#call('POST', `/api/v1/users/${seg(userId)}/lifecycle/reactivate`, { query: { sendEmail: options.sendEmail }, body: null });
    return (res.json ?? {}) as OktaActivation;
  }

  /** `POST /api/v1/users/{id}/lifecycle/suspend` (no SCIM push, okta-wire.md §1.8). */
  async suspendUser(userId: string): Promise<void> {
    await this.#call('POST', `/api/v1/users/${seg(userId)}/lifecycle/suspend`, { body: null });
  }

  /** `POST /api/v1/users/{id}/lifecycle/unsuspend`. */
  async unsuspendUser(userId: string): Promise<void> {
    await this.#call('POST', `/api/v1/users/${seg(userId)}/lifecycle/unsuspend`, { body: null });
  }

  /** `DELETE /api/v1/users/{id}` — the first call on a non-deactivated user only deactivates it. */
  async deleteUser(userId: string, options: { sendEmail?: boolean } = {}): Promise<void> {
    await this.#call('DELETE', `/api/v1/users/${seg(userId)}`, { query: { sendEmail: options.sendEmail } });
  }

  /** Deactivates (if needed) and deletes: the two-step DELETE Okta requires, for cleanup. */
  async deactivateAndDeleteUser(userId: string): Promise<void> {
    const user = await this.getUser(userId);
    if (user.status !== 'DEPROVISIONED') await this.deleteUser(userId);
    await this.deleteUser(userId);
  }

  // ---- groups ---------------------------------------------------------------------------

  /** `POST /api/v1/groups`. */
  async createGroup(profile: OktaGroupProfile): Promise<OktaGroup> {
    return this.#object<OktaGroup>('POST', '/api/v1/groups', { body: { profile } }, 'group');
  }

  /** `GET /api/v1/groups/{groupId}`. */
  async getGroup(groupId: string): Promise<OktaGroup> {
    return this.#object<OktaGroup>('GET', `/api/v1/groups/${seg(groupId)}`, {}, 'group');
  }

  /** `PUT /api/v1/groups/{groupId}` — full profile replace (rename). */
  async replaceGroup(groupId: string, profile: OktaGroupProfile): Promise<OktaGroup> {
    return this.#object<OktaGroup>('PUT', `/api/v1/groups/${seg(groupId)}`, { body: { profile } }, 'group');
  }

  /** `DELETE /api/v1/groups/{groupId}`; 204. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.#call('DELETE', `/api/v1/groups/${seg(groupId)}`, {});
  }

  /** `GET /api/v1/groups/{groupId}/users` (all pages). */
  async listGroupMembers(groupId: string, query: OktaListQuery = {}): Promise<readonly OktaUser[]> {
    return this.#list<OktaUser>(`/api/v1/groups/${seg(groupId)}/users`, query, 'user');
  }

  /** `PUT /api/v1/groups/{groupId}/users/{userId}`; 204. */
  async addGroupMember(groupId: string, userId: string): Promise<void> {
    await this.#call('PUT', `/api/v1/groups/${seg(groupId)}/users/${seg(userId)}`, { body: null });
  }

  /** `DELETE /api/v1/groups/{groupId}/users/{userId}`; 204. */
  async removeGroupMember(groupId: string, userId: string): Promise<void> {
    await this.#call('DELETE', `/api/v1/groups/${seg(groupId)}/users/${seg(userId)}`, {});
  }

  /** `PUT /api/v1/apps/{appId}/groups/{groupId}` — assigns the group (provisions its members). */
  async assignGroupToApp(appId: string, groupId: string, body: { priority?: number; profile?: Json } = {}): Promise<OktaAppGroupAssignment> {
    return this.#object<OktaAppGroupAssignment>('PUT', `/api/v1/apps/${seg(appId)}/groups/${seg(groupId)}`, { body }, 'app group assignment');
  }

  /** `DELETE /api/v1/apps/{appId}/groups/{groupId}`; 204. */
  async unassignGroupFromApp(appId: string, groupId: string): Promise<void> {
    await this.#call('DELETE', `/api/v1/apps/${seg(appId)}/groups/${seg(groupId)}`, {});
  }

  // ---- group push -------------------------------------------------------------------------

  /** `POST /api/v1/apps/{appId}/group-push/mappings`; 201. */
  async createGroupPushMapping(appId: string, mapping: OktaGroupPushMappingCreate): Promise<OktaGroupPushMapping> {
    return this.#object<OktaGroupPushMapping>('POST', `/api/v1/apps/${seg(appId)}/group-push/mappings`, { body: mapping }, 'group push mapping');
  }

  /** `GET /api/v1/apps/{appId}/group-push/mappings` (all pages). */
  async listGroupPushMappings(appId: string, query: OktaListQuery & { sourceGroupId?: string } = {}): Promise<readonly OktaGroupPushMapping[]> {
    return this.#list<OktaGroupPushMapping>(`/api/v1/apps/${seg(appId)}/group-push/mappings`, query, 'group push mapping');
  }

  /** `GET /api/v1/apps/{appId}/group-push/mappings/{mappingId}`. */
  async getGroupPushMapping(appId: string, mappingId: string): Promise<OktaGroupPushMapping> {
    return this.#object<OktaGroupPushMapping>('GET', `/api/v1/apps/${seg(appId)}/group-push/mappings/${seg(mappingId)}`, {}, 'group push mapping');
  }

  /** `PATCH …/mappings/{mappingId}` `{status}` — deactivate before deleting. */
  async updateGroupPushMapping(appId: string, mappingId: string, status: 'ACTIVE' | 'INACTIVE'): Promise<OktaGroupPushMapping> {
    return this.#object<OktaGroupPushMapping>('PATCH', `/api/v1/apps/${seg(appId)}/group-push/mappings/${seg(mappingId)}`, { body: { status } }, 'group push mapping');
  }

  /** `DELETE …/mappings/{mappingId}?deleteTargetGroup=…`; 204. The mapping must be INACTIVE. */
  async deleteGroupPushMapping(appId: string, mappingId: string, options: { deleteTargetGroup: boolean }): Promise<void> {
    await this.#call('DELETE', `/api/v1/apps/${seg(appId)}/group-push/mappings/${seg(mappingId)}`, {
      query: { deleteTargetGroup: options.deleteTargetGroup },
    });
  }

  // ---- governance -------------------------------------------------------------------------

  /** `POST /governance/api/v1/grants` (entitlements CRUD variant, okta-wire.md §2.1). */
  async createGrant(grant: OktaGovernanceGrant): Promise<Json> {
    const res = await this.#call('POST', '/governance/api/v1/grants', { body: grant });
    return (res.json ?? {}) as Json;
  }

  // ---- plumbing -----------------------------------------------------------------------------

  async #object<T>(method: string, path: string, options: CallOptions, what: string): Promise<T> {
    const res = await this.#call(method, path, options);
    if (!isOktaObject(res.json)) throw this.#invalid(method, res.url, res.response, `the response is not an Okta ${what} object`);
    return res.json as T;
  }

  async #list<T>(path: string, query: Readonly<Record<string, QueryValue>>, what: string): Promise<readonly T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    const maxPages = this.#options.maxPages ?? DEFAULT_MAX_PAGES;
    let url: string | undefined = this.#url(path, query);
    while (url !== undefined) {
      if (seen.has(url)) break; // a server that links a page to itself must not loop us
      if (seen.size >= maxPages) {
        throw new OktaApiError({ kind: 'invalid-response', method: 'GET', url, cause: `more than ${maxPages} pages` }, this.#redact);
      }
      seen.add(url);
      const res = await this.#send('GET', url, undefined);
      if (!Array.isArray(res.json) || !res.json.every(isOktaObject)) {
        throw this.#invalid('GET', url, res.response, `the response is not a JSON array of Okta ${what} objects`);
      }
      for (const item of res.json as T[]) items.push(item); // no spread: a huge page must not overflow the stack
      const next = findNextLink(res.response.headers);
      url = next === undefined ? undefined : this.#sameOrgUrl(next, url);
    }
    return items;
  }

  /** The token goes only to the org: a `next` link to another origin is refused. */
  #sameOrgUrl(next: string, current: string): string {
    let resolved: URL;
    try {
      resolved = new URL(next, current);
    } catch {
      throw new OktaApiError({ kind: 'invalid-response', method: 'GET', url: current, cause: `Link rel="next" is not a URL: ${next}` }, this.#redact);
    }
    if (resolved.origin !== new URL(current).origin) {
      throw new OktaApiError(
        { kind: 'invalid-response', method: 'GET', url: current, cause: `Link rel="next" points to another origin (${resolved.origin}); not following it with the API token` },
        this.#redact,
      );
    }
    return resolved.href;
  }

  async #call(method: string, path: string, options: CallOptions): Promise<{ json: unknown; url: string; response: IncomingResponse }> {
    const url = this.#url(path, options.query ?? {});
    const body = options.body === undefined ? undefined : options.body === null ? '' : JSON.stringify(options.body);
    const res = await this.#send(method, url, body);
    return { ...res, url };
  }

  #url(path: string, query: Readonly<Record<string, QueryValue>>): string {
    const pairs = Object.entries(query)
      .filter((e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    return `${this.orgUrl}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
  }

  /** One call with its 429 retries; resolves with a 2xx response, throws `OktaApiError` otherwise. */
  async #send(method: string, url: string, body: string | undefined): Promise<{ json: unknown; response: IncomingResponse }> {
    const maxRetries = this.#options.maxRateLimitRetries ?? DEFAULT_MAX_RETRIES;
    const maxWait = this.#options.maxRateLimitWaitMs ?? DEFAULT_MAX_WAIT_MS;
    let firstRequestId: string | undefined;
    for (let attempt = 0; ; attempt++) {
      const headers: [string, string][] = [
        ['Accept', 'application/json'],
        ['Authorization', `SSWS ${this.#token}`],
        ['User-Agent', this.#options.userAgent ?? 'scim-conformance'],
      ];
      if (body !== undefined) headers.push(['Content-Type', 'application/json']);
      if (attempt > 0 && firstRequestId) {
        // Okta's SDKs mark retries so Okta support can correlate them [NODESDK].
        headers.push(['X-Okta-Retry-For', firstRequestId], ['X-Okta-Retry-Count', String(attempt)]);
      }
      const outcome = await sendRequest({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { body }),
        timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      });
      this.#record(method, url, headers, body, outcome.ok ? outcome.response : undefined, outcome.totalMs, outcome.ok ? undefined : outcome.error);
      if (!outcome.ok) {
        throw new OktaApiError({ kind: 'transport', method, url, cause: outcome.error.message }, this.#redact);
      }
      const response = outcome.response;
      const requestId = headerValue(response.headers, 'x-okta-request-id');
      firstRequestId ??= requestId;
      if (response.status === 429 && attempt < maxRetries) {
        const now = (this.#options.now ?? Date.now)();
        const left = this.#options.deadline === undefined ? Infinity : Math.max(0, this.#options.deadline - now);
        const wait = rateLimitWait(response.headers, now, Math.min(maxWait, left), left < maxWait ? 'the run\'s deadline (--max-duration)' : undefined);
        if (wait.retry) {
          await (this.#options.sleep ?? abortableSleep)(wait.waitMs, this.#options.signal);
          continue;
        }
        throw this.#failure(method, url, response, 'rate-limited', wait.reason);
      }
      if (response.status === 429) {
        throw this.#failure(method, url, response, 'rate-limited', `still rate limited after ${maxRetries} retries`);
      }
      if (response.status < 200 || response.status >= 300) throw this.#failure(method, url, response, 'response');
      if (response.status === 204 || response.text.trim() === '') return { json: undefined, response };
      const parsed = parseBoundedJson(response.text);
      if (!parsed.ok) throw this.#invalid(method, url, response, `the response body is not JSON we can read (${parsed.error})`);
      return { json: parsed.value, response };
    }
  }

  #failure(method: string, url: string, response: IncomingResponse, kind: 'response' | 'rate-limited', note?: string): OktaApiError {
    const okta = parseOktaErrorBody(response.text);
    return new OktaApiError(
      {
        kind,
        method,
        url,
        status: response.status,
        ...(okta
          ? {
              errorCode: okta.errorCode,
              errorSummary: note ? `${okta.errorSummary} — ${note}` : okta.errorSummary,
              errorCauses: (okta.errorCauses ?? []).map((c) => c.errorSummary),
              ...(okta.errorId ? { errorId: okta.errorId } : {}),
            }
          : { cause: note ?? describeNonOktaBody(response) }),
        ...requestIdOf(response.headers),
      },
      this.#redact,
    );
  }

  #invalid(method: string, url: string, response: IncomingResponse, cause: string): OktaApiError {
    return new OktaApiError(
      { kind: 'invalid-response', method, url, status: response.status, cause: `${cause} (${describeNonOktaBody(response)})`, ...requestIdOf(response.headers) },
      this.#redact,
    );
  }

  #record(
    method: string,
    url: string,
    headers: HeaderList,
    body: string | undefined,
    response: IncomingResponse | undefined,
    totalMs: number,
    transportError: { code: string; message: string } | undefined,
  ): void {
    const onExchange = this.#options.onExchange;
    if (!onExchange) return;
    const r = this.#redact;
    const exchange: HttpExchange = {
      request: {
        method,
        url: r(url),
        headers: headers.map(([n, v]) => [n, redactHeader(n, v, r)] as const),
        ...(body === undefined ? {} : { body: capText(r(body)) }),
      },
      ...(response
        ? {
            response: {
              status: response.status,
              headers: response.headers.map(([n, v]) => [n, redactHeader(n, v, r)] as const),
              body: capText(r(response.text)),
              sizeBytes: response.sizeBytes,
            },
          }
        : {}),
      timing: { totalMs },
      ...(transportError ? { transportError: { code: transportError.code, message: r(transportError.message) } } : {}),
    };
    onExchange(exchange);
  }
}

/** An Okta id as one path segment (http/url-segment.ts): never `..`, never a second segment. */
function seg(value: string): string {
  return encodePathSegment(value);
}

function isOktaObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Json)['id'] === 'string';
}

function requestIdOf(headers: HeaderList): { requestId?: string } {
  const id = headerValue(headers, 'x-okta-request-id');
  return id ? { requestId: id } : {};
}

/** A short description of a body that is not an Okta error body (an HTML page, a proxy error). */
function describeNonOktaBody(response: IncomingResponse): string {
  const type = headerValue(response.headers, 'content-type') ?? 'no content type';
  const text = response.text.trim();
  if (text === '') return `empty body, ${type}`;
  if (/^\s*</.test(text)) return `an HTML/XML page (${type}) — is this the Okta org URL?`;
  const oneLine = text.replace(/\s+/g, ' ');
  return `${type}: ${oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine}`;
}
