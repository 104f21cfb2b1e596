/**
 * The emulator's request/response model and routing: path patterns → handlers, Okta's 405
 * for a known path with the wrong method, 404 for the rest, and cursor pagination with
 * `Link` headers (okta-wire.md §2.0).
 */
import { OktaErrorResponse, notFound, validationFailed } from './okta-error-response.js';
import { isRecord } from './scim-user-mapping.js';

export interface ApiRequest {
  readonly method: string;
  /** Decoded path segments are in `params`; this is the raw pathname. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when the body was empty. */
  readonly body: unknown;
  readonly params: Readonly<Record<string, string>>;
}

export interface ApiResponse {
  readonly status: number;
  /** JSON body; undefined sends no body. */
  readonly body?: unknown;
  readonly headers?: readonly (readonly [string, string])[];
}

/** Most handlers answer at once; an import answers when it has finished. */
export type ApiHandler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handler: ApiHandler;
}

interface CompiledRoute extends Route {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

export class ApiRouter {
  readonly #routes: CompiledRoute[] = [];

  /** `pattern` like `/api/v1/users/:userId/lifecycle/:op`. */
  add(method: string, pattern: string, handler: ApiHandler): this {
    const names: string[] = [];
    const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.#routes.push({ method, pattern, handler, regex: new RegExp(`^${source}/?$`), names });
    return this;
  }

  handle(method: string, path: string, query: URLSearchParams, body: unknown): ApiResponse | Promise<ApiResponse> {
    let pathMatched = false;
    for (const route of this.#routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return route.handler({ method, path, query, body, params });
    }
    if (pathMatched) throw new OktaErrorResponse('E0000022');
    throw notFound(path, 'Path');
  }
}

/** The body as a JSON object, or Okta's validation error. */
export function objectBody(req: ApiRequest, required = true): Record<string, unknown> {
  if (req.body === undefined && !required) return {};
  if (!isRecord(req.body)) throw validationFailed([{ field: 'body', problem: 'A JSON object is required' }]);
  return req.body;
}

/**
 * One page of `items` after the `after` cursor, with `Link: <…>; rel="self"` and, when more
 * remain, `Link: <…?after=<last id>&limit=…>; rel="next"` as separate headers, as Okta sends.
 */
export function paginate<T extends { readonly id: string }>(
  orgUrl: string,
  req: ApiRequest,
  items: readonly T[],
  toJson: (item: T) => unknown,
  limits: { readonly defaultLimit: number; readonly maxLimit: number },
): ApiResponse {
  const requested = Number.parseInt(req.query.get('limit') ?? '', 10);
  const limit = Number.isFinite(requested) && requested > 0 ? Math.min(requested, limits.maxLimit) : limits.defaultLimit;
  const after = req.query.get('after');
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const page = items.slice(start, start + limit);
  const self = `${orgUrl}${req.path}${req.query.size > 0 ? `?${req.query.toString()}` : ''}`;
  const headers: [string, string][] = [['Link', `<${self}>; rel="self"`]];
  const last = page[page.length - 1];
  if (last && start + limit < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('after', last.id);
    next.set('limit', String(limit));
    headers.push(['Link', `<${orgUrl}${req.path}?${next.toString()}>; rel="next"`]);
  }
  return { status: 200, body: page.map(toJson), headers };
}
