/**
 * sendRequest's exchange (src/http/send.ts) on undici's dispatch handler: what a response is
 * made of (status, headers as the server sent them, the body kept up to its cap and counted
 * whole), an interim 1xx answer passed over, and aborts before and during the exchange. Raw
 * HTTP/1.1 servers, so every byte on the wire is ours.
 */
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { expect } from 'chai';
import { sendRequest } from '../../src/http/send.js';

/** A raw server answering each request with `answer` (written as given), or never when it is undefined. */
async function rawServer(answer: string | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => { if (answer !== undefined) socket.write(answer, 'latin1'); });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/x`,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

describe('sendRequest (dispatch handler)', () => {
  it('gives the status, the headers with lower-case names and latin1 values (a repeated name\'s values together, at its first place), and the body', async () => {
    const body = '{"ok":true}';
    const server = await rawServer([
      'HTTP/1.1 201 Created', 'Content-Type: application/scim+json', 'Set-Cookie: a=1', `Content-Length: ${body.length}`,
      'X-Name: caf\xe9', 'SET-COOKIE: b=2', '', body,
    ].join('\r\n'));
    try {
      const outcome = await sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 5000 });
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.response.status).to.equal(201);
      expect(outcome.response.headers).to.deep.equal([
        ['content-type', 'application/scim+json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'],
        ['content-length', String(body.length)], ['x-name', 'café'],
      ]);
      expect([outcome.response.text, outcome.response.sizeBytes, outcome.response.truncatedBytes]).to.deep.equal([body, body.length, 0]);
    } finally {
      await server.close();
    }
  });

  it('groups a repeated name\'s values among many headers too (past the pairwise comparison)', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `X-H${i}: ${i}`);
    const server = await rawServer(['HTTP/1.1 200 OK', 'Content-Length: 0', ...many, 'x-h3: again', '', ''].join('\r\n'));
    try {
      const outcome = await sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 5000 });
      if (!outcome.ok) throw new Error(outcome.error.message);
      const names = outcome.response.headers.map(([n, v]) => `${n}=${v}`);
      expect(names.slice(0, 6)).to.deep.equal(['content-length=0', 'x-h0=0', 'x-h1=1', 'x-h2=2', 'x-h3=3', 'x-h3=again']);
      expect(names).to.have.length(22);
    } finally {
      await server.close();
    }
  });

  it('passes over an interim 103 Early Hints answer, keeps the body up to maxBodyBytes and counts it whole', async () => {
    const body = 'x'.repeat(1000);
    const server = await rawServer(`HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    try {
      const outcome = await sendRequest({ method: 'POST', url: server.url, headers: [['content-type', 'text/plain']], body: 'hi', timeoutMs: 5000, maxBodyBytes: 300 });
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect([outcome.response.status, outcome.response.text.length, outcome.response.sizeBytes, outcome.response.truncatedBytes]).to.deep.equal([200, 300, 1000, 700]);
    } finally {
      await server.close();
    }
  });

  it('a request still queued behind busy connections ends at its own time limit, not when a connection frees', async () => {
    const server = await rawServer(undefined);
    try {
      // The agent opens at most 16 connections to an origin: these hold them all, unanswered.
      const holding = Array.from({ length: 16 }, () => sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 1500 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      const queued = await sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 100 });
      expect(queued.ok ? 'answered' : queued.error.code).to.equal('ETIMEDOUT');
      expect(performance.now() - started).to.be.below(1000);
      for (const outcome of await Promise.all(holding)) expect(outcome.ok ? 'answered' : outcome.error.code).to.equal('ETIMEDOUT');
    } finally {
      await server.close();
    }
  });

  it('a caller signal that already fired sends nothing; one that fires mid-request aborts it', async () => {
    const server = await rawServer(undefined);
    try {
      const fired = new AbortController();
      fired.abort(new Error('stop'));
      const before = await sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 5000, signal: fired.signal });
      expect(before.ok).to.equal(false);
      const during = new AbortController();
      setTimeout(() => during.abort(new Error('stop')), 50);
      const started = performance.now();
      const outcome = await sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 5000, signal: during.signal });
      expect(outcome.ok).to.equal(false);
      expect(performance.now() - started).to.be.below(2000);
      const timedOut = await sendRequest({ method: 'GET', url: server.url, headers: [], timeoutMs: 80 });
      expect(timedOut.ok ? 'answered' : timedOut.error.code).to.equal('ETIMEDOUT');
    } finally {
      await server.close();
    }
  });
});
