/**
 * The `oauth` suite run against the reference server in OAuth mode (oauth-authority.ts), as the
 * CLI runs it: a token source fetched its first token, the suite's variables come from the same
 * functions, and the report is returned. Used by the oauth e2e spec and the defect-profile spec
 * (the oauth suite is not in the registry: the CLI adds it when OAuth is configured).
 */
import { expect } from 'chai';
import { expiredTokenVariable, oauthVariables, otherAudienceVariable } from '../../src/cli/oauth-target.js';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { OAuthTokenSource } from '../../src/http/oauth-client.js';
import type { RunReport } from '../../src/model/report.js';
import { startReferenceServer, type DefectName } from '../../src/reference-server/index.js';
import { oauthSuite } from '../../suites/oauth.js';

/** The client the OAuth-mode server knows (the oauth e2e spec uses the same id and secret). */
export const OAUTH_TEST_CLIENT = { clientId: 'conformance-client', clientSecret: 'oauth-client-secret-e2e-4321' } as const;

/** What the OAuth-mode server gets wrong, if anything. */
export interface OAuthSuiteTarget {
  readonly defects?: readonly DefectName[];
  /** The audience the SCIM API accepts (default: its base URL, the audience the run asks for). */
  readonly serverAudience?: string;
  readonly sloppy?: boolean;
  /** Seconds a token lives; default 1 (short enough for the expired-token check to wait it out). */
  readonly tokenLifetimeS?: number;
}

/** Runs the oauth suite against a fresh OAuth-mode reference server; returns the report. */
export async function runOAuthSuite(target: OAuthSuiteTarget = {}): Promise<RunReport> {
  const server = await startReferenceServer({
    defects: target.defects ?? [],
    oauth: {
      ...OAUTH_TEST_CLIENT, tokenLifetimeS: target.tokenLifetimeS ?? 1,
      ...(target.serverAudience ? { audience: target.serverAudience } : {}), ...(target.sloppy ? { sloppyTokenResponse: true } : {}),
    },
  });
  try {
    const settings = { tokenUrl: server.oauth?.tokenUrl ?? '', ...OAUTH_TEST_CLIENT, audience: server.baseUrl };
    const source = new OAuthTokenSource(settings, { timeoutMs: 5_000 });
    expect((await source.authorization()).ok).to.equal(true);
    const variables = { SCIMBaseURL: server.baseUrl, ...oauthVariables(settings), ...await otherAudienceVariable(source), ...expiredTokenVariable(source) };
    return await runPlan(
      { suites: [oauthSuite], variables, secrets: ['auth', 'SCIMAuth'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5_000, auth: source },
      { toolVersion: 'test', target: {}, runOptions: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5_000, seedUser: false, keepTestData: false } },
    );
  } finally {
    await server.close();
  }
}
