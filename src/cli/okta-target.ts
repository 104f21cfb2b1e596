/**
 * The Okta org a run uses: a real org (oktaOrgUrl + oktaToken + oktaAppId, preflight-checked
 * before anything is created; problems exit 2) or, when none is configured, the built-in Okta
 * org emulator pointed at the SCIM server under test. The report says which one was used.
 */
import type { Provisioning } from '../engine/suite-session.js';
import type { AuthorizationSource } from '../http/oauth-client.js';
import { OAUTH_ACCESS_TOKEN } from '../http/oauth-send.js';
import type { ConnectionConfig } from './config.js';
import { describeVariable, VARIABLES } from './config.js';
import { UsageError } from './exit-codes.js';

export interface OktaTarget {
  readonly mode: 'real' | 'emulator';
  readonly orgUrl: string;
  readonly variables: { readonly oktaOrgUrl: string; readonly oktaAppId: string; readonly oktaToken: string };
  readonly provisioning?: Provisioning;
  close(): Promise<void>;
}

/**
 * `timeoutMs`: the run's `--timeout`, also the emulator's limit for each SCIM request it pushes.
 * `deadline` (epoch ms, the run's --max-duration counted from the command's start) and `signal`
 * (an interrupt) bound the real org's rate-limit waits, in the preflight and during the run.
 */
export async function startOktaTarget(
  c: ConnectionConfig,
  log: (text: string) => void,
  options: { timeoutMs?: number; authSource?: AuthorizationSource; deadline?: number; signal?: AbortSignal } = {},
): Promise<OktaTarget> {
  // Loaded only for suites that drive an Okta org (start-up time of SCIM-only runs).
  if (c.oktaOrgUrl && c.oktaToken && c.oktaAppId) {
    const [{ OktaClient }, { preflightOkta }] = await Promise.all([import('../okta/client.js'), import('../okta/preflight.js')]);
    const client = new OktaClient({
      orgUrl: c.oktaOrgUrl, token: c.oktaToken,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const problems = await preflightOkta(client, c.oktaAppId);
    if (problems.length) {
      throw new UsageError(problems.map((p) => `${describeVariable(p.variable as keyof typeof VARIABLES)}: ${p.message}\n  fix: ${p.fix}`).join('\n'));
    }
    const appId = c.oktaAppId;
    return {
      mode: 'real',
      orgUrl: c.oktaOrgUrl,
      variables: { oktaOrgUrl: c.oktaOrgUrl, oktaAppId: c.oktaAppId, oktaToken: c.oktaToken },
      // A real org's pushes are seen through its API: polling read-backs stop as soon as the app
      // user's syncState says the push failed (okta-wire.md §1.13: a failed push leaves
      // syncState ERROR and an admin task), instead of waiting out Okta's bound.
      provisioning: {
        log: () => [],
        failures: () => [],
        pushError: async (userId) => {
          try {
            const appUser = await client.getAppUser(appId, userId);
            return appUser.syncState === 'ERROR' ? `Okta reports the push failed: app user ${userId} has syncState ERROR (see the provisioning task in the Admin Console)` : undefined;
          } catch {
            return undefined; // not assigned (yet or any more), or Okta busy: no outcome to report
          }
        },
      },
      close: async () => undefined,
    };
  }
  // OAuth runs: the emulator pushes with the run's token source (the stand-in is replaced).
  const scimAuth = c.scimAuth ?? (options.authSource !== undefined ? OAUTH_ACCESS_TOKEN : undefined);
  if (!c.scimUrl || scimAuth === undefined) {
    throw new UsageError(`${describeVariable('scimUrl')} and ${describeVariable('scimAuth')} are needed for the Okta org emulator to provision to`);
  }
  const { startOktaEmulator } = await import('../okta/emulator/index.js');
  const emulator = await startOktaEmulator({
    scimUrl: c.scimUrl, scimAuth, port: 0,
    ...(options.authSource !== undefined ? { scimAuthSource: options.authSource } : {}),
    ...(options.timeoutMs !== undefined ? { pushTimeoutMs: options.timeoutMs } : {}),
  });
  log(`Okta org emulator at ${emulator.orgUrl} (no oktaOrgUrl configured)\n`);
  return {
    mode: 'emulator',
    orgUrl: emulator.orgUrl,
    variables: { oktaOrgUrl: emulator.orgUrl, oktaAppId: emulator.appId, oktaToken: emulator.token },
    provisioning: { log: () => emulator.provisioningLog(), failures: () => emulator.pushFailures(), settled: () => emulator.awaitIdle() },
    close: () => emulator.close(),
  };
}
