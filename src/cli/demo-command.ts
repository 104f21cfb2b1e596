/**
 * `npm start` / `scim-conformance demo`: the main job on the embedded default. Starts the
 * reference SCIM server on loopback (the Okta org emulator starts with the run), runs every
 * native suite Okta, Entra and the RFCs share with a seed user, then the `interop` profile
 * against a second reference server in interop mode (the SCIM interoperability profile draft
 * contradicts Okta and Entra, so no one server passes both), writes the reports of both runs
 * and prints where they are.
 */
import { startReferenceServer } from '../reference-server/index.js';
import { profileSuiteIds } from '../suite/profiles.js';
import { NATIVE_SUITES } from '../suite/registry.js';
import type { RunArgs, RunIo } from './run-command.js';
import { runCommand } from './run-command.js';

export async function demoCommand(args: { out: string; reporter: string }, io: RunIo): Promise<number> {
  const run = async (interop: boolean, suites: readonly string[]): Promise<number> => {
    const token = `demo-${Math.random().toString(36).slice(2)}`;
    const server = await startReferenceServer({ port: 0, token, interop });
    io.stderr(`reference SCIM server${interop ? ' (interop mode)' : ''} at ${server.baseUrl}\n`);
    try {
      const runArgs: RunArgs = {
        suites, scimUrl: server.baseUrl, scimAuth: `Bearer ${token}`, out: args.out, format: 'text', grep: [],
        pauses: 'skip', strict: false, vars: [], seedUser: !interop, keepTestData: false, queryEncoding: 'percent',
        timeout: 30_000, reporter: args.reporter,
      };
      return await runCommand(runArgs, { ...io, env: {} });
    } finally {
      await server.close();
    }
  };
  const main = await run(false, NATIVE_SUITES.map((s) => s.id));
  if (io.signal?.aborted) return main;
  const interop = await run(true, profileSuiteIds('interop'));
  // The worse of the two runs: 4 (could not run) over 1 (failed) over 0.
  return Math.max(main, interop);
}
