/**
 * Transport edge cases (issue "hostile targets, part two", item 7): a request sent on a
 * kept-alive socket that the server has just closed is repeated once on a fresh connection when
 * that is safe (RFC 9110 §9.2.2), and any answer from a target — whoever got it — ends a
 * timeout streak in the run's target health.
 */
import { createServer as createNetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { TargetHealth, UNRESPONSIVE_AFTER } from '../../src/engine/target-health.js';
import { sendRequest } from '../../src/http/send.js';

interface RawServer {
  readonly url: string;
  /** `<connection number> <request line>` for every request received. */
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * A raw HTTP/1.1 server whose first connection answers one request with keep-alive, then closes
 * as the next request on it arrives, unanswered (the idle-timeout race); later connections
 * answer everything.
 */
async function startStaleSocketServer(): Promise<RawServer> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createNetServer((socket) => {
    sockets.add(socket);
    const connection = ++connections;
    let answered = 0;
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
        const head = buffer.slice(0, end);
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.slice(end + 4 + length);
        seen.push(`${connection} ${head.split('\r\n')[0] ?? ''}`);
        if (connection === 1 && answered === 1) {
          socket.destroy();
          return;
        }
        answered++;
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}');
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Lets the client put the first connection back in its pool, idle. */
const idle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('http/send on a socket the server just closed', () => {
  for (const method of ['GET', 'HEAD', 'PUT'] as const) {
    it(`${method} is repeated once on a fresh connection and gets its answer`, async () => {
      const server = await startStaleSocketServer();
      try {
        const first = await sendRequest({ method: 'GET', url: `${server.url}/scim/Users`, headers: [], timeoutMs: 2000 });
        expect(first.ok).to.equal(true);
        await idle();
        const second = await sendRequest({ method, url: `${server.url}/scim/Users/1`, headers: [], ...(method === 'PUT' ? { body: '{}' } : {}), timeoutMs: 2000 });
        expect(second.ok, JSON.stringify(second)).to.equal(true);
        expect(server.seen).to.deep.equal(['1 GET /scim/Users HTTP/1.1', `1 ${method} /scim/Users/1 HTTP/1.1`, `2 ${method} /scim/Users/1 HTTP/1.1`]);
      } finally {
        await server.close();
      }
    });
  }

  for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
    it(`${method} is not repeated: a transport error naming the closed connection`, async () => {
      const server = await startStaleSocketServer();
      try {
        await sendRequest({ method: 'GET', url: `${server.url}/scim/Users`, headers: [], timeoutMs: 2000 });
        await idle();
        const out = await sendRequest({ method, url: `${server.url}/scim/Users/1`, headers: [], body: '{}', timeoutMs: 2000 });
        expect(out.ok).to.equal(false);
        if (!out.ok) expect(out.error.message).to.match(/closed|reset|socket/i);
        expect(server.seen.filter((l) => l.includes(method))).to.have.length(1);
      } finally {
        await server.close();
      }
    });
  }
});

describe('engine/target-health counts any answer from the target', () => {
  it('a timeout streak ends when the origin answers someone else in the run (the Okta org emulator)', async () => {
    // Hangs on every request to /hang; answers everything else at once.
    const sockets = new Set<Socket>();
    const server = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('data', (chunk: Buffer) => {
        if (chunk.toString('latin1').startsWith('GET /hang')) return;
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const health = new TargetHealth();
      const hang = async (): Promise<void> => {
        health.note(`${url}/hang`, await sendRequest({ method: 'GET', url: `${url}/hang`, headers: [], timeoutMs: 150 }));
      };
      await hang();
      // An answer the runner itself never saw (sent by the emulator) resets the streak.
      expect((await sendRequest({ method: 'GET', url: `${url}/ok`, headers: [], timeoutMs: 1000 })).ok).to.equal(true);
      await hang();
      expect(health.unresponsive(`${url}/next`)).to.equal(undefined);
      for (let i = 1; i < UNRESPONSIVE_AFTER; i++) await hang();
      expect(health.unresponsive(`${url}/next`)).to.match(/^not sent: the last 2 requests to http:\/\/127\.0\.0\.1:\d+ got no answer/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
