import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { isJsonObject, type JsonObject } from '../scim/json-value.js';
import { checkAuthorization } from './authentication.js';
import { isDefectName, isInteropDefect, type DefectName } from './defects.js';
import { serializedListTurn } from './gallery-defects.js';
import type { HandlerRequest } from './handler-request.js';
import { answerTokenRequest, OAuthAuthority, registerAuthority, TOKEN_PATH, type ReferenceOAuthOptions } from './oauth-authority.js';
import type { RecordedRequest } from './recorded-request.js';
import { renderResource } from './representation.js';
import { readRequestBody } from './request-body.js';
import { ResourceStore, type ResourceKind } from './resource-store.js';
import { RateLimiter, type LoadBehaviour } from './load-behaviour.js';
import { RESOURCE_KINDS } from './resource-kinds.js';
import { applyWriteRules } from './write-rules.js';
import { assertUnique } from './uniqueness.js';
import { normalizeResourceInput } from '../scim/resource-input.js';
import { errorResponse, writeResponse, type ScimResponse } from './responses.js';
import { routeRequest } from './router.js';
import type { ServerContext } from './server-context.js';

/** Options of {@link startReferenceServer}. */
export interface ReferenceServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** The bearer token clients must send; default `reference-token`. */
  readonly token?: string;
  /** Defect profiles to switch on; default none (the RFC-correct server). */
  readonly defects?: readonly DefectName[];
  /** Path of the SCIM base URL; default `/scim/v2`. */
  readonly basePath?: string;
  /**
   * Follow the SCIM interoperability profile draft too (interop-rules.ts): what the `interop`
   * profile checks. An `interop-…` defect implies it (that defect breaks one of its rules).
   */
  readonly interop?: boolean;
  /** Users require a custom extension attribute (custom-extension.ts): a correct but demanding server. */
  readonly customExtension?: boolean;
  /**
   * How a new resource's id is made from a fresh UUID (default: the UUID). Tests give ids that
   * look like paths (`u/../../etc/passwd`), carry CR/LF or `#`, to prove a client never lets an
   * id leave the resource it names (RFC7643-3.1: the service provider chooses ids freely).
   */
  readonly newId?: (kind: ResourceKind, uuid: string) => string;
  /** Behaviour under load (rate limiting, lost writes); default none. See load-behaviour.ts. */
  readonly load?: LoadBehaviour;
  /**
   * OAuth mode (oauth-authority.ts): a token endpoint at `/oauth2/token` issues short-lived
   * tokens, and the SCIM API accepts only those (not `token`).
   */
  readonly oauth?: ReferenceOAuthOptions;
}

/** What a server in OAuth mode exposes to its tests. */
export interface ReferenceOAuth {
  /** The token endpoint, e.g. `http://127.0.0.1:41234/oauth2/token`. */
  readonly tokenUrl: string;
  /** The audience the SCIM API accepts. */
  readonly audience: string;
  /** Access tokens issued so far. */
  issued(): number;
  /** Revokes every access token issued so far. */
  revokeAll(): void;
  /** Every access and refresh token issued so far. */
  issuedSecrets(): readonly string[];
}

/** A running reference server. */
export interface ReferenceServer {
  /** The SCIM base URL, e.g. `http://127.0.0.1:41234/scim/v2` (no trailing slash). */
  readonly baseUrl: string;
  /** Every request received so far, oldest first (a snapshot taken at each read). */
  readonly requests: readonly RecordedRequest[];
  /**
   * The stored Users in creation order, as full representations (with `meta`, computed
   * `groups`, and writeOnly attributes such as `password` that clients never see).
   */
  users(): readonly JsonObject[];
  /** The stored Groups in creation order, as full representations. */
  groups(): readonly JsonObject[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /**
   * Stores Users as `POST /Users` would (validation, write rules, uniqueness) without HTTP
   * or request records, for large fixtures (the scale benches); returns their ids in order.
   * Throws on the first invalid or duplicate user.
   */
  addUsers(users: Iterable<JsonObject>): readonly string[];
  /** The OAuth mode's token endpoint and controls, when started with `oauth`. */
  readonly oauth?: ReferenceOAuth;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the in-memory SCIM 2.0 reference server (RFC 7643/7644) on a loopback port. It
 * starts empty. With `defects`, it misbehaves in exactly the named ways (see defects.ts).
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const defects = new Set<DefectName>();
  for (const name of options.defects ?? []) {
    if (!isDefectName(name)) throw new Error(`Unknown defect profile ${JSON.stringify(name)}`);
    defects.add(name);
  }
  const host = options.host ?? '127.0.0.1';
  const basePath = normalizeBasePath(options.basePath ?? '/scim/v2');
  const store = new ResourceStore(options.newId);
  const records: RecordedRequest[] = [];
  let context: ServerContext | undefined;
  const load = options.load ?? {};
  const limiter = load.rateLimit === undefined ? undefined : new RateLimiter(load.rateLimit);
  let creates = 0;
  /** Applies {@link LoadBehaviour} around the handler: 429 before it, lost creates after it. */
  const behave = (serverContext: ServerContext, request: IncomingMessage, handler: () => ScimResponse): ScimResponse => {
    const limited = limiter?.check(serverContext.defects);
    if (limited !== undefined) return limited;
    const response = handler();
    const every = load.losesEveryNthCreate;
    if (every !== undefined && every > 0 && request.method === 'POST' && response.status === 201 &&
      new URL(request.url ?? '/', 'http://reference.invalid').pathname === `${basePath}/Users`) {
      creates += 1;
      const id = isJsonObject(response.body) ? response.body['id'] : undefined;
      if (creates % every === 0 && typeof id === 'string') serverContext.store.delete('User', id);
    }
    return response;
  };

  let authority: OAuthAuthority | undefined;
  const server = createServer((req, res) => {
    if (authority !== undefined && new URL(req.url ?? '/', 'http://reference.invalid').pathname === TOKEN_PATH) {
      void answerTokenRequest(authority, req, res);
      return;
    }
    const serving = context;
    if (serving === undefined) return;
    // LoadBehaviour.delayMs: a slow server answers every request that much later.
    if (load.delayMs !== undefined && load.delayMs > 0) setTimeout(() => void handle(serving, basePath, records, req, res, behave), load.delayMs);
    else void handle(serving, basePath, records, req, res, behave);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const serverContext: ServerContext = {
    baseUrl: `http://${hostPart}:${port}${basePath}`,
    token: options.token ?? 'reference-token',
    defects,
    interop: options.interop === true || [...defects].some(isInteropDefect),
    customExtension: options.customExtension === true,
    store,
  };
  context = serverContext;
  if (options.oauth !== undefined) {
    authority = new OAuthAuthority(options.oauth, serverContext.baseUrl);
    registerAuthority(serverContext, authority);
  }
  const oauthAuthority = authority;

  const snapshot = (kind: ResourceKind): readonly JsonObject[] =>
    Object.freeze(store.list(kind).map((stored) => deepFreeze(structuredClone(renderResource(serverContext, kind, stored)))));

  return {
    baseUrl: serverContext.baseUrl,
    ...(oauthAuthority === undefined ? {} : {
      oauth: {
        tokenUrl: `http://${hostPart}:${port}${TOKEN_PATH}`,
        audience: oauthAuthority.audience,
        issued: () => oauthAuthority.issued,
        revokeAll: () => oauthAuthority.revokeAll(),
        issuedSecrets: () => oauthAuthority.issuedSecrets(),
      },
    }),
    get requests(): readonly RecordedRequest[] {
      return Object.freeze([...records]);
    },
    users: () => snapshot('User'),
    groups: () => snapshot('Group'),
    clearRequests: () => {
      records.length = 0;
    },
    addUsers: (users) => {
      const ids: string[] = [];
      for (const user of users) {
        const input = normalizeResourceInput(user, RESOURCE_KINDS.User.schemas);
        if (input.kind === 'invalid') throw new Error(`Invalid user: ${input.error.detail}`);
        const attributes = applyWriteRules(serverContext, 'User', 'create', input.attributes);
        assertUnique(serverContext, 'User', attributes);
        ids.push(store.insert('User', attributes).id);
      }
      return ids;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

/** Reads, records, authenticates, routes and answers one request. Never throws. */
async function handle(
  context: ServerContext,
  basePath: string,
  records: RecordedRequest[],
  req: IncomingMessage,
  res: ServerResponse,
  behave: (context: ServerContext, req: IncomingMessage, handler: () => ScimResponse) => ScimResponse,
): Promise<void> {
  const at = new Date().toISOString();
  const url = new URL(req.url ?? '/', 'http://reference.invalid');
  let response: ScimResponse | undefined;
  let body = '';
  try {
    body = await readRequestBody(req);
  } catch (error) {
    body = '';
    response = toErrorResponse(error, context);
  }
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    target: req.url ?? '',
    path: url.pathname,
    query: url.search.startsWith('?') ? url.search.slice(1) : url.search,
    headers: recordHeaders(req),
    body,
    at,
  };
  records.push(record);

  // list-requests-serialized (gallery-defects.ts): list requests wait their turn.
  const turn = response === undefined ? serializedListTurn(context, (req.method ?? 'GET').toUpperCase(), segmentsOf(url.pathname, basePath) ?? []) : undefined;
  if (turn !== undefined) await turn;
  response ??= behave(context, req, () => respond(context, basePath, url, req, body));
  try {
    writeResponse(res, response, context.defects);
  } catch {
    res.destroy();
  }
  // From the end: the record is almost always among the last (indexOf made n requests O(n²)).
  const index = records.lastIndexOf(record);
  if (index !== -1) records[index] = { ...record, status: response.status };
}

function respond(context: ServerContext, basePath: string, url: URL, req: IncomingMessage, body: string): ScimResponse {
  try {
    const denied = checkAuthorization(headerValue(req, 'authorization'), context);
    if (denied !== undefined) return denied;
    const segments = segmentsOf(url.pathname, basePath);
    if (segments === undefined) return errorResponse(scimError(404, `No endpoint ${url.pathname}`), context.defects);
    const request: HandlerRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      segments,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    return routeRequest(context, request);
  } catch (error) {
    return toErrorResponse(error, context);
  }
}

function toErrorResponse(error: unknown, context: ServerContext): ScimResponse {
  if (error instanceof ScimErrorResponse) return errorResponse(error.error, context.defects);
  const reason = error instanceof Error ? error.message : String(error);
  return errorResponse(scimError(500, `Internal server error: ${reason}`), context.defects);
}

/** The decoded path segments below `basePath`, or undefined when the path is outside it. */
function segmentsOf(pathname: string, basePath: string): readonly string[] | undefined {
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined;
  try {
    return pathname
      .slice(basePath.length)
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** `/scim/v2/` → `/scim/v2`; `/` or '' → ''. */
function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function recordHeaders(req: IncomingMessage): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
