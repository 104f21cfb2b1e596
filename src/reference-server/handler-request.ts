import type { IncomingHttpHeaders } from 'node:http';
import { parseJsonBody } from './request-body.js';
import type { ServerContext } from './server-context.js';

/** A request as the handlers see it: already authenticated, body fully read. */
export interface HandlerRequest {
  readonly method: string;
  /** Decoded path segments after the base path, e.g. `['Users', '2819c223…']`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body as text ('' when none). */
  readonly body: string;
}

/** A single request header value (multiple values joined with ", "), or undefined. */
export function headerOf(request: HandlerRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The parsed JSON body; throws the 400/415 SCIM error when it cannot be accepted. */
export function jsonBodyOf(request: HandlerRequest, context: ServerContext): unknown {
  return parseJsonBody(request.body, headerOf(request, 'content-type'), context.defects);
}
