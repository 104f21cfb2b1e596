/**
 * `oauth`: the checks of a run that reaches the SCIM server with OAuth 2.0 (--oauth-token-url;
 * Entra's gallery requires OAuth client credentials, ENTRA-LOGIC-APP; Okta offers OAuth for OIN
 * apps). Added to the run automatically when OAuth is configured; not part of any profile.
 *
 * The Authorization headers here are stand-ins (src/http/oauth-send.ts): the engine sends the
 * run's current access token, an altered copy of it, or a token issued for another audience,
 * and the first step is answered with the token endpoint's answer the run got before its first
 * SCIM request (no second token request). Every token is a registered secret: reports show
 * `‹redacted›` wherever one appears.
 */
import {
  OAUTH_ACCESS_TOKEN, OAUTH_EXPIRED_TOKEN, OAUTH_OTHER_AUDIENCE_TOKEN, OAUTH_REVOKED_TOKEN, OAUTH_TOKEN_RESPONSE,
} from '../src/http/oauth-send.js';
import type { RequestStep, Suite } from '../src/model/suite.js';
import type { Probe } from './scim-step-kit.js';
import { ERROR_URN, json, status, variableGate } from './scim-step-kit.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 6749 §5.1: the token endpoint's successful answer. */
const tokenResponseShape: Probe = (ctx) => {
  const body = isObject(ctx.json) ? ctx.json : undefined;
  const accessToken = body?.['access_token'];
  const tokenType = body?.['token_type'];
  const expiresIn = body?.['expires_in'];
  const cacheControl = ctx.headers['cache-control'] ?? '';
  return [
    { title: 'status is 200', ok: ctx.status === 200, expected: '200', actual: ctx.status },
    {
      title: 'the body is a JSON object (application/json)', ok: body !== undefined && /application\/json/i.test(ctx.headers['content-type'] ?? ''),
      expected: 'a JSON object labelled application/json', actual: ctx.headers['content-type'] ?? { missing: 'no Content-Type' },
    },
    { title: 'access_token is a non-empty string', ok: typeof accessToken === 'string' && accessToken !== '', expected: 'a string', actual: typeof accessToken },
    {
      title: 'token_type is "Bearer" (case-insensitive)', ok: typeof tokenType === 'string' && tokenType.toLowerCase() === 'bearer',
      expected: 'Bearer', actual: tokenType ?? { missing: 'no token_type' },
    },
    {
      title: 'expires_in is a positive integer (the lifetime in seconds)', level: 'recommended',
      ok: typeof expiresIn === 'number' && Number.isInteger(expiresIn) && expiresIn > 0, expected: 'a positive integer', actual: expiresIn ?? { missing: 'no expires_in' },
    },
    {
      title: 'Cache-Control: no-store', level: 'recommended', ok: /(^|,)\s*no-store\s*(,|$)/i.test(cacheControl),
      expected: 'no-store', actual: cacheControl || { missing: 'no Cache-Control' },
    },
  ];
};

/** RFC 6750 §3: a 401 to a request with a token carries a Bearer challenge; §3.1: error="invalid_token". */
const bearerChallenge: Probe = (ctx) => {
  const challenge = ctx.headers['www-authenticate'] ?? '';
  return [
    { title: 'WWW-Authenticate carries a Bearer challenge', ok: /^\s*bearer\b/i.test(challenge), expected: 'Bearer …', actual: challenge || { missing: 'no WWW-Authenticate' } },
    {
      title: 'the challenge says error="invalid_token"', level: 'recommended', ok: /error\s*=\s*"?invalid_token"?/i.test(challenge),
      expected: 'error="invalid_token"', actual: challenge || { missing: 'no WWW-Authenticate' },
    },
  ];
};

const SCIM_ERROR_401 = [status(401), json('schemas', 'has_value', ERROR_URN), json('status', 'equal', '401')];

const steps: readonly RequestStep[] = [
  {
    kind: 'request',
    id: 'oauth/token-response',
    title: 'The token endpoint\'s answer to the run\'s token request (client credentials or refresh token)',
    requirement: 'RFC 6749 §5.1: a successful token response is 200 with a JSON object holding access_token and token_type ("Bearer", RFC 6750 §4), RECOMMENDED expires_in, and Cache-Control: no-store. Entra\'s gallery authenticates with OAuth client credentials (ENTRA-LOGIC-APP).',
    fix: 'Answer the token request with {"access_token":"…","token_type":"Bearer","expires_in":3600} as application/json, with Cache-Control: no-store.',
    level: 'required',
    refs: ['RFC6749-5.1', 'RFC6750-4', 'ENTRA-LOGIC-APP'],
    request: {
      method: 'POST',
      url: '{{oauthTokenUrl}}',
      headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['Authorization', OAUTH_TOKEN_RESPONSE]],
      body: 'grant_type={{oauthGrant}}',
    },
    extractions: [], beforeScripts: [], scripts: [], assertions: [],
    verify: tokenResponseShape,
  },
  {
    kind: 'request',
    id: 'oauth/scim-accepts-token',
    title: 'The SCIM server accepts the fetched access token',
    requirement: 'RFC 6750 §2.1: the client sends the access token as "Authorization: Bearer <token>"; RFC 7644 §2: the SCIM service authenticates it. A token the authorization server just issued is accepted.',
    fix: 'Validate tokens issued by your authorization server (signature or introspection, issuer, audience, expiry) and accept them on the SCIM API.',
    level: 'required',
    refs: ['RFC6750-2.1', 'RFC7644-2'],
    request: { method: 'GET', url: '{{SCIMBaseURL}}/Users?startIndex=1&count=1', headers: [['Accept', 'application/scim+json'], ['Authorization', OAUTH_ACCESS_TOKEN]] },
    extractions: [], beforeScripts: [], scripts: [], assertions: [status(200)],
  },
  {
    kind: 'request',
    id: 'oauth/revoked-token-refused',
    title: 'A revoked or forged access token (the fetched one with its last characters changed) is refused with 401',
    requirement: 'RFC 6750 §3.1: a token that is expired, revoked, malformed or invalid is answered 401 with a WWW-Authenticate Bearer challenge (error="invalid_token"); RFC 7644 §3.12: the body is a SCIM Error with status "401".',
    fix: 'Reject tokens you did not issue, or that expired or were revoked, with 401, "WWW-Authenticate: Bearer error=\\"invalid_token\\"" and a SCIM Error body.',
    level: 'required',
    refs: ['RFC6750-3.1', 'RFC6750-3', 'RFC7644-3.12'],
    request: { method: 'GET', url: '{{SCIMBaseURL}}/Users?startIndex=1&count=1', headers: [['Accept', 'application/scim+json'], ['Authorization', OAUTH_REVOKED_TOKEN]] },
    extractions: [], beforeScripts: [], scripts: [], assertions: SCIM_ERROR_401,
    verify: bearerChallenge,
  },
  {
    kind: 'request',
    id: 'oauth/other-audience-refused',
    title: 'A token issued for another audience is refused with 401',
    requirement: 'RFC 6750 §3.1 (invalid_token) with the audience restriction of RFC 6750 §5.2 (a token names its intended recipients, who refuse tokens meant for others): a token the same authorization server issued for another audience (the configured --oauth-audience with "-other" appended) is not accepted.',
    fix: 'Check the token\'s audience (aud claim or introspection) against your SCIM API\'s own identifier and refuse others with 401 invalid_token.',
    level: 'required',
    refs: ['RFC6750-5.2', 'RFC6750-3.1', 'RFC7644-3.12'],
    request: { method: 'GET', url: '{{SCIMBaseURL}}/Users?startIndex=1&count=1', headers: [['Accept', 'application/scim+json'], ['Authorization', OAUTH_OTHER_AUDIENCE_TOKEN]] },
    extractions: [], beforeScripts: [], scripts: [], assertions: [],
    verify: (ctx) => {
      const other = ctx.vars('oauthOtherAudience');
      const reason = variableGate('oauthAudienceConfigured', 'no audience is configured (--oauth-audience): nothing to compare a token\'s audience with')(ctx)
        ?? (other !== undefined && other !== 'issued' ? `the authorization server issues no token for another audience (${other}): nothing to check` : undefined);
      if (reason !== undefined) return [{ title: `not applicable: ${reason}`, ok: true, expected: 'an audience', actual: reason, level: 'optional', notApplicable: true }];
      return [
        { title: 'status is 401', ok: ctx.status === 401, expected: '401', actual: ctx.status },
        ...bearerChallenge(ctx),
      ];
    },
  },
  // Last: waiting a short-lived token out must not age the other-audience token before its check.
  {
    kind: 'request',
    id: 'oauth/expired-token-refused',
    title: 'An access token past its lifetime (expires_in) is refused with 401',
    requirement: 'RFC 6750 §3.1: a token that is expired is answered 401 with a WWW-Authenticate Bearer challenge carrying error="invalid_token"; RFC 7644 §3.12: the body is a SCIM Error with status "401". The token presented is one the authorization server issued for this run whose lifetime (expires_in, RFC 6749 §5.1) has run out: a token the run replaced on expiry, or — only when tokens live 2 s or less — the current one once its lifetime has passed. Longer-lived tokens are not waited out: the check is then n/a.',
    fix: 'Check the token\'s expiry (the exp claim, or active=false from introspection) on every SCIM request, and answer an expired one with 401, "WWW-Authenticate: Bearer error=\\"invalid_token\\"" and a SCIM Error body. Any clock-skew leeway must stay small compared with the tokens\' lifetime.',
    level: 'required',
    refs: ['RFC6750-3.1', 'RFC6750-3', 'RFC6749-5.1', 'RFC7644-3.12'],
    request: { method: 'GET', url: '{{SCIMBaseURL}}/Users?startIndex=1&count=1', headers: [['Accept', 'application/scim+json'], ['Authorization', OAUTH_EXPIRED_TOKEN]] },
    extractions: [], beforeScripts: [], scripts: [], assertions: [],
    verify: (ctx) => {
      const availability = ctx.vars('oauthExpiredToken');
      // Never judged with a valid token: without the run's word that an expired one is at hand
      // (the CLI sets oauthExpiredToken; a library run may not), the check does not apply.
      if (availability !== 'available') {
        const reason = `no expired token can be presented without waiting long: ${availability ?? 'the run did not say whether one is at hand (oauthExpiredToken)'}`;
        return [{ title: `not applicable: ${reason}`, ok: true, expected: 'an expired access token', actual: reason, level: 'optional', notApplicable: true }];
      }
      const body = isObject(ctx.json) ? ctx.json : undefined;
      const schemas = body?.['schemas'];
      return [
        { title: 'status is 401', ok: ctx.status === 401, expected: '401', actual: ctx.status },
        {
          title: 'the body is a SCIM Error (schemas holds the Error URN)', ok: Array.isArray(schemas) && schemas.includes(ERROR_URN),
          expected: ERROR_URN, actual: schemas ?? { missing: 'no schemas' },
        },
        { title: 'the Error\'s status is "401"', ok: body?.['status'] === '401', expected: '"401"', actual: body?.['status'] ?? { missing: 'no status' } },
        ...bearerChallenge(ctx),
      ];
    },
  },
];

/** The `oauth` suite (added to a run by --oauth-token-url). */
export const oauthSuite: Suite = {
  id: 'oauth',
  name: 'OAuth 2.0 access to the SCIM server',
  description: 'The token endpoint\'s answer (RFC 6749 §5.1), the SCIM server accepting the fetched token, and refusing a revoked token, an expired token and a token for another audience with 401, a SCIM Error and a Bearer challenge (RFC 6750 §3).',
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'oauthTokenUrl', description: 'token endpoint (--oauth-token-url)' },
    { name: 'oauthGrant', description: 'the grant the run uses (client_credentials or refresh_token)' },
    { name: 'oauthAudienceConfigured', description: '"true" when --oauth-audience is given' },
    { name: 'oauthOtherAudience', description: '"issued", or why the token endpoint issued no token for another audience', optional: true },
    { name: 'oauthExpiredToken', description: '"available", or why no expired token can be presented without waiting long', optional: true },
  ],
  steps,
  cleanup: [],
};
