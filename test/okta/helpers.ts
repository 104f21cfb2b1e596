/**
 * Test helpers for the Okta client and emulator specs: tiny loopback servers and the CRUD
 * test's Okta user bodies (okta-runscope.md §3, B1–B4).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  readonly url: string;
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering with `handler`; records every request. */
export async function startLoopback(
  handler: (req: IncomingMessage, body: string, res: ServerResponse, index: number) => void,
): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const s = await startLoopback(() => undefined);
  const url = s.url;
  await s.close();
  return url;
}

let counter = 0;

/** The CRUD test's user (okta-runscope.md §3 B1), with a unique login. */
export function crudUser(): { firstName: string; lastName: string; email: string } {
  counter++;
  const n = `${Date.now() % 100000}${counter}`;
  return { firstName: `Runscope${n}`, lastName: `Tester${n}`, email: `runscope${n}.tester@atko.example` };
}

export function createUserBody(u: { firstName: string; lastName: string; email: string }): {
  profile: Record<string, string>;
  credentials: { password: { value: string }; recovery_question: { question: string; answer: string } };
} {
  return {
    profile: { firstName: u.firstName, lastName: u.lastName, email: u.email, login: u.email, title: 'Engineer', primaryPhone: '415.123.4567' },
    credentials: { password: { value: 'Kv7J2LEa' }, recovery_question: { question: "Who's a major player in the cowboy scene?", answer: 'okta' } },
  };
}

/** CRUD B2/B4: the assignment body. */
export function assignmentBody(userId: string, u: { firstName: string; lastName: string; email: string }): {
  id: string;
  scope: 'USER';
  credentials: { userName: string };
  profile: Record<string, string>;
} {
  return {
    id: userId,
    scope: 'USER',
    credentials: { userName: u.email },
    profile: { familyName: u.lastName, givenName: u.firstName, emailType: 'work', email: u.email },
  };
}
