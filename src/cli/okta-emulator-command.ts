/**
 * `scim-conformance okta-emulator`: first stdout line is the org URL, the next the app id and
 * API token (as `oktaAppId=…` and `oktaToken=…`): the emulator's own, made-up credentials.
 */
import { startOktaEmulator } from '../okta/emulator/index.js';
import { checkPresent, checkUrl } from './config.js';
import { waitForStop } from './reference-server-command.js';

export async function oktaEmulatorCommand(
  args: { scimUrl?: string; scimAuth?: string; port: number; host: string; profileUpdate: 'put' | 'patch' },
  io: { stdout: (t: string) => void; stderr: (t: string) => void; env: NodeJS.ProcessEnv },
): Promise<void> {
  const scimUrl = checkUrl('scimUrl', args.scimUrl ?? io.env.SCIM_URL);
  const scimAuth = checkPresent('scimAuth', args.scimAuth ?? io.env.SCIM_AUTH, 'the Authorization header the emulator sends to the SCIM server');
  const emulator = await startOktaEmulator({
    scimUrl: checkPresent('scimUrl', scimUrl, 'the SCIM server the emulator provisions to'),
    scimAuth, port: args.port, host: args.host, profileUpdate: args.profileUpdate,
  });
  io.stdout(`${emulator.orgUrl}\noktaAppId=${emulator.appId} oktaToken=${emulator.token}\n`);
  io.stderr('Okta org emulator running. Ctrl-C stops it.\n');
  await waitForStop();
  await emulator.close();
}
