/**
 * `npm start` / `scim-conformance demo`: the main job on the embedded default. Starts the
 * reference SCIM server on loopback (the Okta org emulator starts with the run), runs every
 * native suite with a seed user, writes the reports and prints where they are.
 */
import { startReferenceServer } from '../reference-server/index.js';
import type { RunIo } from './run-command.js';
import { runCommand } from './run-command.js';

export async function demoCommand(args: { out: string; reporter: string }, io: RunIo): Promise<number> {
  const token = `demo-${Math.random().toString(36).slice(2)}`;
  const server = await startReferenceServer({ port: 0, token });
  io.stderr(`reference SCIM server at ${server.baseUrl}\n`);
  try {
    return await runCommand({
      suites: [], scimUrl: server.baseUrl, scimAuth: `Bearer ${token}`, out: args.out, format: 'text', grep: [],
      pauses: 'skip', strict: false, vars: [], seedUser: true, keepTestData: false, queryEncoding: 'percent',
      timeout: 30_000, reporter: args.reporter,
    }, { ...io, env: {} });
  } finally {
    await server.close();
  }
}
