/** `scim-conformance reference-server`: first stdout line is the SCIM base URL; runs until SIGINT/SIGTERM. */
import { DEFECT_NAMES, type DefectName } from '../reference-server/index.js';
import { startReferenceServer } from '../reference-server/index.js';
import { UsageError } from './exit-codes.js';

export async function referenceServerCommand(
  args: { port: number; host: string; token: string; defects: readonly string[] },
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<void> {
  const unknown = args.defects.filter((d) => !(DEFECT_NAMES as readonly string[]).includes(d));
  if (unknown.length) throw new UsageError(`unknown --defect ${unknown.join(', ')}; known: ${DEFECT_NAMES.join(', ')}`);
  if (!args.token) throw new UsageError('--token is empty');
  const server = await startReferenceServer({ port: args.port, host: args.host, token: args.token, defects: args.defects as DefectName[] });
  io.stdout(`${server.baseUrl}\n`);
  io.stderr(`SCIM reference server: send "Authorization: Bearer <token>" (--token)${args.defects.length ? `; defects: ${args.defects.join(', ')}` : ''}. Ctrl-C stops it.\n`);
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
