/** `scim-conformance reference-server`: first stdout line is the SCIM base URL; runs until SIGINT/SIGTERM. */
import { DEFECT_NAMES, type DefectName } from '../reference-server/index.js';
import { startReferenceServer } from '../reference-server/index.js';
import { UsageError } from './exit-codes.js';

export async function referenceServerCommand(
  args: {
    port: number; host: string; token: string; defects: readonly string[];
    /** OAuth mode (reference-server/oauth-authority.ts): both or neither. */
    oauthClientId?: string | undefined; oauthClientSecret?: string | undefined;
    oauthTokenLifetime?: number | undefined; oauthRefreshTokens?: readonly string[] | undefined;
  },
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<void> {
  const unknown = args.defects.filter((d) => !(DEFECT_NAMES as readonly string[]).includes(d));
  if (unknown.length) throw new UsageError(`unknown --defect ${unknown.join(', ')}; known: ${DEFECT_NAMES.join(', ')}`);
  if (!args.token) throw new UsageError('--token is empty');
  if ((args.oauthClientId === undefined) !== (args.oauthClientSecret === undefined)) {
    throw new UsageError(`--oauth-client-${args.oauthClientId === undefined ? 'id' : 'secret'} is missing: OAuth mode needs both the client id and the secret`);
  }
  const lifetime = args.oauthTokenLifetime ?? 3600;
  if (!Number.isFinite(lifetime) || lifetime < 1) throw new UsageError(`--oauth-token-lifetime must be a number of seconds ≥ 1, got ${String(args.oauthTokenLifetime)}`);
  const oauth = args.oauthClientId !== undefined && args.oauthClientSecret !== undefined
    ? { clientId: args.oauthClientId, clientSecret: args.oauthClientSecret, tokenLifetimeS: lifetime, refreshTokens: args.oauthRefreshTokens ?? [] }
    : undefined;
  const server = await startReferenceServer({ port: args.port, host: args.host, token: args.token, defects: args.defects as DefectName[], ...(oauth ? { oauth } : {}) });
  io.stdout(`${server.baseUrl}\n`);
  const auth = server.oauth !== undefined
    ? `OAuth mode: token endpoint ${server.oauth.tokenUrl} (client credentials or refresh token; ${lifetime} s tokens, audience ${server.oauth.audience})`
    : 'send "Authorization: Bearer <token>" (--token)';
  io.stderr(`SCIM reference server: ${auth}${args.defects.length ? `; defects: ${args.defects.join(', ')}` : ''}. Ctrl-C stops it.\n`);
  await waitForStop();
  await server.close();
}

/** Resolves on SIGINT or SIGTERM. */
export function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
