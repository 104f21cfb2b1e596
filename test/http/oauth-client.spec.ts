/**
 * The OAuth token source and the authorized send against the reference server's OAuth mode
 * over loopback: client credentials and refresh-token grants, expiry, a 401 answered by one
 * refresh and one retry, a wrong secret, audience binding, and every secret registered.
 */
import { expect } from 'chai';
import { OAuthTokenSource, parseTokenResponse } from '../../src/http/oauth-client.js';
import {
  alteredToken, OAUTH_ACCESS_TOKEN, OAUTH_EXPIRED_TOKEN, OAUTH_OTHER_AUDIENCE_TOKEN, OAUTH_REVOKED_TOKEN, sendAuthorized,
} from '../../src/http/oauth-send.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';

const CLIENT = { clientId: 'conformance-client', clientSecret: 'client-secret-value-1234' };

async function oauthServer(options: { tokenLifetimeS?: number; refreshTokens?: string[] } = {}): Promise<ReferenceServer> {
  return startReferenceServer({ oauth: { ...CLIENT, ...options } });
}

function listUsers(server: ReferenceServer, authorization: string) {
  return { method: 'GET', url: `${server.baseUrl}/Users?count=1`, headers: [['Authorization', authorization]] as const, timeoutMs: 5_000 };
}

describe('OAuth token source (reference server in OAuth mode)', function () {
  this.timeout(20_000);
  let server: ReferenceServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('client credentials: fetches once, the SCIM server accepts the token, the exchange is recorded without secrets', async () => {
    server = await oauthServer();
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    const outcome = await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(outcome.ok && outcome.response.status).to.equal(200);
    await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(server.oauth?.issued()).to.equal(1);
    const [exchange] = source.exchanges();
    expect(exchange?.grant).to.equal('client_credentials');
    expect(exchange?.reason).to.equal('first token');
    const recorded = JSON.stringify(source.exchanges());
    for (const secret of [CLIENT.clientSecret, ...(server.oauth?.issuedSecrets() ?? [])]) expect(recorded).to.not.include(secret);
    expect(recorded).to.include('‹redacted›');
    for (const secret of server.oauth?.issuedSecrets() ?? []) expect(source.secrets()).to.include(secret);
    expect(source.secrets()).to.include(CLIENT.clientSecret);
  });

  it('refreshes the token when it expires, before the SCIM server would refuse it', async () => {
    server = await oauthServer({ tokenLifetimeS: 1 });
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    const first = await source.authorization();
    await new Promise((r) => setTimeout(r, 1_000));
    const outcome = await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(outcome.ok && outcome.response.status).to.equal(200);
    const second = await source.authorization();
    expect(first.ok && second.ok && first.header !== second.header).to.equal(true);
    expect(source.exchanges().map((e) => e.reason)).to.deep.equal(['first token', 'the access token expired']);
  });

  it('a 401 to the current token fetches a new one and retries the request once', async () => {
    server = await oauthServer();
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    await source.authorization();
    server.oauth?.revokeAll();
    server.clearRequests();
    const outcome = await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(outcome.ok && outcome.response.status).to.equal(200);
    expect(server.requests.map((r) => r.status)).to.deep.equal([401, 200]);
    expect(source.exchanges()[1]?.reason).to.equal('the SCIM server answered 401 to GET /scim/v2/Users');
    expect(source.exchanges().map((e) => e.cause)).to.deep.equal(['first-token', 'rejected']);
  });

  it('the expired-token stand-in: a token replaced on expiry is presented at once and refused, without a new token request', async () => {
    server = await oauthServer({ tokenLifetimeS: 1 });
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    const first = await source.authorization();
    await new Promise((r) => setTimeout(r, 1_350));
    await source.authorization(); // the first token is replaced (expired) and kept
    const started = performance.now();
    server.clearRequests();
    const expired = await sendAuthorized(listUsers(server, OAUTH_EXPIRED_TOKEN), source);
    expect(performance.now() - started, 'no wait').to.be.below(800);
    expect(expired.ok && expired.response.status).to.equal(401);
    expect(expired.ok && expired.response.text).to.include('expired');
    expect(first.ok && server.requests[0]?.headers['authorization']).to.equal(first.ok ? first.header : '');
    expect(source.exchanges().map((e) => e.cause)).to.deep.equal(['first-token', 'expired']);
  });

  it('the expired-token stand-in: a 1 s token is waited out (about its lifetime, no more), then the next request gets a new one', async () => {
    server = await oauthServer({ tokenLifetimeS: 1 });
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    expect(source.expiredTokenAvailability()).to.equal('no access token was issued');
    await source.authorization();
    expect(source.expiredTokenAvailability()).to.equal('available');
    const started = performance.now();
    const expired = await sendAuthorized(listUsers(server, OAUTH_EXPIRED_TOKEN), source);
    expect(performance.now() - started, 'about the 1 s lifetime plus the margin').to.be.within(900, 3_000);
    expect(expired.ok && expired.response.status).to.equal(401);
    const fresh = await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(fresh.ok && fresh.response.status).to.equal(200);
    expect(source.exchanges().map((e) => e.cause)).to.deep.equal(['first-token', 'expired']);
  });

  it('the expired-token stand-in with hour-long tokens: nothing is waited for; the current token goes (the check is n/a)', async () => {
    server = await oauthServer();
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    await source.authorization();
    expect(source.expiredTokenAvailability()).to.match(/live 3600 s \(expires_in\) and none has expired yet/);
    const started = performance.now();
    const outcome = await sendAuthorized(listUsers(server, OAUTH_EXPIRED_TOKEN), source);
    expect(performance.now() - started).to.be.below(500);
    expect(outcome.ok && outcome.response.status).to.equal(200);
  });

  it('an interrupt during the wait for a token to expire sends nothing and says why', async () => {
    server = await oauthServer({ tokenLifetimeS: 2 });
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT }, { timeoutMs: 5_000 });
    await source.authorization();
    server.clearRequests();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const started = performance.now();
    const outcome = await sendAuthorized({ ...listUsers(server, OAUTH_EXPIRED_TOKEN), signal: stop.signal }, source);
    expect(performance.now() - started).to.be.below(1_000);
    expect(!outcome.ok && outcome.error.message).to.match(/the run stopped while an access token was expiring/);
    expect(server.requests).to.deep.equal([]);
  });

  it('a request that is refused again after the refresh is not retried a second time', async () => {
    server = await startReferenceServer({ oauth: { ...CLIENT, audience: 'https://scim.example/other' } });
    // Tokens are requested for the server's default audience… which it was told not to accept.
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT, audience: 'https://scim.example/wrong' }, { timeoutMs: 5_000 });
    server.clearRequests();
    const outcome = await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(outcome.ok && outcome.response.status).to.equal(401);
    expect(server.requests.map((r) => r.status)).to.deep.equal([401, 401]);
  });

  it('the revoked-token and other-audience stand-ins are refused, and never refreshed', async () => {
    server = await oauthServer();
    const audience = server.oauth?.audience ?? '';
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT, audience }, { timeoutMs: 5_000 });
    const revoked = await sendAuthorized(listUsers(server, OAUTH_REVOKED_TOKEN), source);
    expect(revoked.ok && revoked.response.status).to.equal(401);
    const other = await sendAuthorized(listUsers(server, OAUTH_OTHER_AUDIENCE_TOKEN), source);
    expect(other.ok && other.response.status).to.equal(401);
    expect(other.ok && other.response.text).to.include('another audience');
    expect(source.exchanges().map((e) => e.reason)).to.deep.equal(['first token', 'a token for another audience (check)']);
    expect(alteredToken('Bearer abcdxxxx')).to.equal('Bearer abcdyyyy');
  });

  it('the other-audience token is fetched again when it is about to expire (refused for its audience, not its age)', async () => {
    server = await oauthServer({ tokenLifetimeS: 1 });
    const audience = server.oauth?.audience ?? '';
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', ...CLIENT, audience }, { timeoutMs: 5_000 });
    const first = await source.otherAudienceAuthorization();
    expect((await source.otherAudienceAuthorization()).ok && first.ok).to.equal(true);
    await new Promise((r) => setTimeout(r, 1_100));
    const other = await sendAuthorized(listUsers(server, OAUTH_OTHER_AUDIENCE_TOKEN), source);
    expect(other.ok && other.response.status).to.equal(401);
    expect(other.ok && other.response.text).to.include('another audience');
    expect(source.exchanges().map((e) => e.cause).filter((c) => c === 'check')).to.have.length(2);
  });

  it('refresh-token grant: rotates the refresh token and registers every one as a secret', async () => {
    server = await oauthServer({ refreshTokens: ['initial-refresh-token-5678'], tokenLifetimeS: 1 });
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, refreshToken: 'initial-refresh-token-5678' }, { timeoutMs: 5_000 });
    expect((await source.authorization()).ok).to.equal(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await source.authorization()).ok, 'the rotated refresh token is used').to.equal(true);
    for (const secret of ['initial-refresh-token-5678', ...(server.oauth?.issuedSecrets() ?? [])]) {
      expect(source.secrets()).to.include(secret);
      expect(JSON.stringify(source.exchanges())).to.not.include(secret);
    }
  });

  it('a wrong client secret: no token, the token endpoint\'s invalid_client quoted, nothing sent to SCIM', async () => {
    server = await oauthServer();
    const source = new OAuthTokenSource({ tokenUrl: server.oauth?.tokenUrl ?? '', clientId: CLIENT.clientId, clientSecret: 'wrong-secret-9999' }, { timeoutMs: 5_000 });
    server.clearRequests();
    const outcome = await sendAuthorized(listUsers(server, OAUTH_ACCESS_TOKEN), source);
    expect(outcome.ok).to.equal(false);
    expect(!outcome.ok && outcome.error.message).to.match(/OAuth: the token endpoint answered 401 invalid_client/);
    expect(server.requests).to.deep.equal([]);
    expect(JSON.stringify(source.exchanges())).to.not.include('wrong-secret-9999');
  });

  it('parseTokenResponse: RFC 6749 §5.1 fields, or why not', () => {
    const answer = (status: number, body: unknown) => ({ ok: true as const, totalMs: 1, response: { status, headers: [], text: JSON.stringify(body), sizeBytes: 0, truncatedBytes: 0 } });
    expect(parseTokenResponse(answer(200, { access_token: 'a', token_type: 'bearer', expires_in: 60 }))).to.deep.include({ ok: true, expiresInS: 60 });
    expect(parseTokenResponse(answer(200, { access_token: 'a', token_type: 'mac' }))).to.deep.include({ ok: false });
    expect(parseTokenResponse(answer(200, { token_type: 'Bearer' }))).to.deep.include({ ok: false });
    expect(parseTokenResponse(answer(400, { error: 'invalid_grant' }))).to.deep.include({ ok: false, error: 'invalid_grant' });
  });
});
