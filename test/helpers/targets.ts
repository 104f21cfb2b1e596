/** Real loopback targets for integration tests: the reference server and, when asked, the Okta emulator. */
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { startReferenceServer, type DefectName, type ReferenceServer } from '../../src/reference-server/index.js';

export const REFERENCE_TOKEN = 'test-reference-token-1234';
export const REFERENCE_AUTH = `Bearer ${REFERENCE_TOKEN}`;

export interface Targets {
  readonly server: ReferenceServer;
  readonly emulator?: OktaEmulator;
  /** Okta's variable names for both targets. */
  readonly variables: Record<string, string>;
  close(): Promise<void>;
}

export async function startTargets(options: { defects?: readonly DefectName[]; okta?: boolean } = {}): Promise<Targets> {
  const server = await startReferenceServer({ port: 0, token: REFERENCE_TOKEN, defects: options.defects ?? [] });
  const emulator = options.okta ? await startOktaEmulator({ scimUrl: server.baseUrl, scimAuth: REFERENCE_AUTH, port: 0 }) : undefined;
  return {
    server,
    ...(emulator ? { emulator } : {}),
    variables: {
      SCIMBaseURL: server.baseUrl, SCIMUrl: server.baseUrl, auth: REFERENCE_AUTH, SCIMAuth: REFERENCE_AUTH,
      ...(emulator ? { oktaOrgUrl: emulator.orgUrl, oktaAppId: emulator.appId, oktaToken: emulator.token } : {}),
    },
    close: async () => {
      await emulator?.close();
      await server.close();
    },
  };
}
