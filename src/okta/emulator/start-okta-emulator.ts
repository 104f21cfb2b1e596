/**
 * The Okta org emulator: a real HTTP server with the Management API subset of
 * okta-wire.md §2/§5 (SSWS auth, Okta status codes, error bodies, `X-Okta-Request-Id` and
 * `X-Rate-Limit-*` headers) and a provisioning engine that pushes SCIM to `scimUrl` the way
 * Okta does (§1). It lets the CRUD suite run with no Okta org, and shows, request by
 * request, what Okta would have sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpExchange } from '../../model/result.js';
import type { OktaUser } from '../api-types.js';
import { abortableSleep } from '../abortable-sleep.js';
import { DEFAULT_EMULATOR_FEATURES } from '../provisioning-features.js';
import { ApiRouter, type ApiResponse } from './api-router.js';
import { addAppRoutes } from './apps-api.js';
import { TEMPLATE_APP_SCHEMA } from './app-schema.js';
import { addEmulatorAdminRoutes, EMULATOR_HEADER } from './emulator-admin-api.js';
import { addGroupRoutes } from './groups-api.js';
import { OktaErrorResponse } from './okta-error-response.js';
import { newApiToken, newOktaId, newRequestId } from './okta-ids.js';
import { DEFAULT_RETRY_AFTER_MS, OktaScimClient } from './okta-scim-client.js';
import { OrgActions } from './org-actions.js';
import {
  nowIso,
  snapshotAppUser,
  snapshotGroup,
  snapshotPushMapping,
  type EmulatedAppUser,
  type EmulatedGroup,
  type EmulatedGroupPushMapping,
  type OrgState,
  type ProfileUpdateMethod,
} from './org-state.js';
import { ProvisioningEngine } from './provisioning-engine.js';
import { userJson } from './representations.js';
import { addUserRoutes } from './users-api.js';
import { parseBoundedJson } from '../../http/bounded-json.js';
import type { AuthorizationSource } from '../../http/oauth-client.js';

export interface OktaEmulatorOptions {
  /** The SCIM base URL the emulator provisions to (the app's "SCIM connector base URL"). */
  readonly scimUrl: string;
  /** Sent verbatim as `Authorization` on every SCIM request. */
  readonly scimAuth: string;
  /** OAuth runs: the token source whose current token replaces the stand-in `scimAuth` (src/http/oauth-send.ts). */
  readonly scimAuthSource?: AuthorizationSource;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The SSWS API token the emulator accepts; default random. */
  readonly token?: string;
  /** The app instance id; default a random `0oa…` id. */
  readonly appId?: string;
  readonly appStatus?: 'ACTIVE' | 'INACTIVE';
  /** Provisioning features; default PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, REACTIVATE_USERS, GROUP_PUSH. */
  readonly features?: readonly string[];
  /** Profile updates as PUT (default, okta-wire.md §1.4) or PATCH (the 2026 FAQ's OIN wording). */
  readonly profileUpdate?: ProfileUpdateMethod;
  /** Per SCIM request; default 60 000 (Okta closes the socket after 60 s, okta-wire.md §1.0). */
  readonly pushTimeoutMs?: number;
  /** Wait before each provisioning job; default 0 (jobs are asynchronous regardless). */
  readonly pushDelayMs?: number;
  /** Wait after a 429 without a usable Retry-After; default 5 min, doubling (okta-wire.md §1.13). */
  readonly retryAfterDefaultMs?: number;
  /** The longest wait after one 429 (a server's Retry-After or the default is clamped to it); default 10 s. */
  readonly maxRateLimitWaitMs?: number;
}

export interface OktaEmulator {
  /** `http://127.0.0.1:<port>` — use as `oktaOrgUrl`. */
  readonly orgUrl: string;
  readonly appId: string;
  /** The API token to send as `Authorization: SSWS <token>`. */
  readonly token: string;
  /** Stops the server and cancels queued pushes. */
  close(): Promise<void>;
  /** Resolves when every queued provisioning job has finished. */
  awaitIdle(): Promise<void>;
  /** Every SCIM exchange the emulator made, oldest first, redacted (scimAuth never appears). */
  provisioningLog(): readonly HttpExchange[];
  /** Every failed push (user or group), oldest first, worded as Okta's admin task (redacted). */
  pushFailures(): readonly string[];
  users(): readonly OktaUser[];
  /** Assignments with their provisioning status; unassigned ones keep their last record. */
  appUsers(): readonly EmulatedAppUser[];
  groups(): readonly EmulatedGroup[];
  groupPushMappings(): readonly EmulatedGroupPushMapping[];
}

const MAX_BODY_BYTES = 1024 * 1024;
const RATE_LIMIT_PER_MINUTE = 600;

export async function startOktaEmulator(options: OktaEmulatorOptions): Promise<OktaEmulator> {
  let scimUrl: URL;
  try {
    scimUrl = new URL(options.scimUrl);
  } catch {
    throw new TypeError(`scimUrl is not a URL: ${options.scimUrl}`);
  }
  if (scimUrl.protocol !== 'http:' && scimUrl.protocol !== 'https:') throw new TypeError(`scimUrl must be http(s): ${options.scimUrl}`);

  const token = options.token ?? newApiToken();
  const host = options.host ?? '127.0.0.1';
  const abort = new AbortController();
  const log: HttpExchange[] = [];
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const orgUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  const now = nowIso();
  const state: OrgState = {
    orgUrl,
    app: {
      id: options.appId ?? newOktaId('0oa'),
      name: 'scim2testapp',
      label: 'SCIM 2.0 Test App (emulated)',
      status: options.appStatus ?? 'ACTIVE',
      features: [...(options.features ?? DEFAULT_EMULATOR_FEATURES)],
      created: now,
      lastUpdated: now,
      groupAssignments: new Map(),
      settings: { renameAppGroups: true, appType: 'OIN' },
      schema: TEMPLATE_APP_SCHEMA,
    },
    users: new Map(),
    assignments: new Map(),
    groups: new Map(),
    pushMappings: new Map(),
    importedUsers: new Map(),
    importedGroups: new Map(),
    pushRules: new Map(),
  };
  const scim = new OktaScimClient({
    scimUrl: options.scimUrl,
    scimAuth: options.scimAuth,
    ...(options.scimAuthSource !== undefined ? { scimAuthSource: options.scimAuthSource } : {}),
    timeoutMs: options.pushTimeoutMs ?? 60_000,
    signal: abort.signal,
    sleep: abortableSleep,
    retryAfterDefaultMs: options.retryAfterDefaultMs ?? DEFAULT_RETRY_AFTER_MS,
    ...(options.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: options.maxRateLimitWaitMs } : {}),
    record: (exchange) => log.push(exchange),
  });
  const engine = new ProvisioningEngine({
    state,
    scim,
    profileUpdate: options.profileUpdate ?? 'put',
    pushDelayMs: options.pushDelayMs ?? 0,
    signal: abort.signal,
    sleep: abortableSleep,
  });
  const actions = new OrgActions(state, engine);
  const router = new ApiRouter();
  addUserRoutes(router, state, actions);
  addAppRoutes(router, state, actions, engine);
  addGroupRoutes(router, state, actions);
  addEmulatorAdminRoutes(router, state, actions, engine, scim);

  const rateWindow = { start: 0, count: 0 };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then(async (body) => {
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      if (rateWindow.start !== minute) Object.assign(rateWindow, { start: minute, count: 0 });
      rateWindow.count++;
      const headers: [string, string][] = [
        ['X-Okta-Request-Id', newRequestId()],
        ['X-Rate-Limit-Limit', String(RATE_LIMIT_PER_MINUTE)],
        ['X-Rate-Limit-Remaining', String(Math.max(0, RATE_LIMIT_PER_MINUTE - rateWindow.count))],
        ['X-Rate-Limit-Reset', String((minute + 60_000) / 1000)],
        [EMULATOR_HEADER, 'okta-org'],
      ];
      const response = await respond(router, token, req, body);
      for (const [name, value] of [...headers, ...(response.headers ?? [])]) res.appendHeader(name, value);
      if (response.body === undefined) {
        res.statusCode = response.status;
        res.end();
        return;
      }
      const text = JSON.stringify(response.body);
      res.statusCode = response.status;
      res.setHeader('Content-Type', 'application/json');
      res.end(text);
    });
  });

  return {
    orgUrl,
    appId: state.app.id,
    token,
    async close() {
      abort.abort(new Error('Okta org emulator closed'));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.queue.idle();
    },
    awaitIdle: () => engine.queue.idle(),
    provisioningLog: () => [...log],
    pushFailures: () => [...engine.failures],
    users: () => [...state.users.values()].map((u) => userJson(orgUrl, u)),
    appUsers: () => [...state.assignments.values()].map(snapshotAppUser),
    groups: () => [...state.groups.values()].map((g) => snapshotGroup(g, state.app)),
    groupPushMappings: () => [...state.pushMappings.values()].map(snapshotPushMapping),
  };
}

/** Auth, body parsing and routing; every failure becomes Okta's error body. */
async function respond(router: ApiRouter, token: string, req: IncomingMessage, body: string | undefined): Promise<ApiResponse> {
  try {
    // Okta's API tokens: `Authorization: SSWS <token>` [CORE].
    const auth = /^SSWS\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (auth?.[1]?.trim() !== token) throw new OktaErrorResponse('E0000011');
    if (body === undefined) throw new OktaErrorResponse('E0000003');
    const url = new URL(req.url ?? '/', 'http://emulator');
    let parsed: unknown;
    if (body.trim() !== '') {
      const json = parseBoundedJson(body);
      if (!json.ok) throw new OktaErrorResponse('E0000003');
      parsed = json.value;
    }
    return await router.handle(req.method ?? 'GET', url.pathname, url.searchParams, parsed);
  } catch (err) {
    const e = err instanceof OktaErrorResponse ? err : new OktaErrorResponse('E0000009', '', [String(err)]);
    return { status: e.status, body: e.body() };
  }
}

/** The request body as text; undefined when it exceeds the limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}
