import { scimError } from '../scim/errors.js';
import { authorityOf } from './oauth-authority.js';
import { errorResponse, type ScimResponse } from './responses.js';
import type { ServerContext } from './server-context.js';

/** The realm named in the Bearer challenge (RFC6750-3). */
const REALM = 'scim-conformance';

/**
 * Checks `Authorization: Bearer <token>` (RFC7644-2, RFC6750-2.1; the scheme is
 * case-insensitive). Returns the 401 response to send, with a SCIM Error body and a
 * `WWW-Authenticate` challenge, or undefined when the request may proceed. The
 * `auth-not-enforced` defect lets everything through.
 */
export function checkAuthorization(authorization: string | undefined, context: ServerContext): ScimResponse | undefined {
  if (context.defects.has('auth-not-enforced')) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  // The `token-prefix-accepted` defect: a token that merely starts with the configured one passes.
  if (context.defects.has('token-prefix-accepted') && match?.[1]?.startsWith(context.token) === true) return undefined;
  // OAuth mode (oauth-authority.ts): only tokens its token endpoint issued, unexpired, for its audience.
  const authority = authorityOf(context);
  const verdict = authority === undefined || match?.[1] === undefined ? undefined : authority.verify(match[1]);
  if (authority === undefined ? match?.[1] === context.token : verdict?.ok === true) return undefined;
  const why = verdict !== undefined && !verdict.ok ? verdict.description : undefined;
  const challenge = authorization === undefined
    ? `Bearer realm="${REALM}"`
    : `Bearer realm="${REALM}", error="invalid_token"${why === undefined ? '' : `, error_description="${why}"`}`;
  const detail = authorization === undefined
    ? 'Authentication required: send Authorization: Bearer <token>'
    : why ?? 'The bearer token is missing, malformed or not valid';
  return errorResponse(scimError(401, detail), context.defects, { 'WWW-Authenticate': challenge });
}
