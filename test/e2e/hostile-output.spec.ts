/**
 * Issue 15 item 2: every line for a terminal goes through printable(). The CLI runs as a
 * subprocess against a loopback server (raw sockets, so it can put any byte anywhere) whose
 * error details, header values, ids, Location values and plain-text bodies carry NUL, BEL,
 * `ESC[2J`, an OSC window-title sequence, C1 CSI (U+009B) and DEL. Whatever the reporter and
 * output format, no byte below 0x20 other than newline and tab, and no DEL or C1 control, may
 * reach stdout or stderr; the JSON on stdout still parses to the report as written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/cli.js';

/** Everything a terminal would obey: NUL, BEL, clear screen, set window title, C1 CSI, DEL. */
const HOSTILE = '\u0000\u0007\u001b[2J\u001b]0;pwned-title\u0007\u009b31m\u007f';
const TOKEN = 'hostile-output-token-5d1e';

/** The first forbidden character in `bytes` (decoded as UTF-8), or undefined. */
function firstControl(bytes: Buffer): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u.exec(text);
  return bad ? `U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${bad.index}: …${JSON.stringify(text.slice(Math.max(0, bad.index - 60), bad.index + 20))}` : undefined;
}

interface RawResponse {
  readonly status: number;
  /** Header lines as raw latin-1 text (the server writes bytes, not validated strings). */
  readonly headers: readonly string[];
  readonly body: string;
}

function scimError(status: number): RawResponse {
  return {
    status,
    headers: [`Content-Type: application/scim+json`, `X-Hostile: \u009b2J\u009b31m`, `Location: /Users/${'\u009b'}x`],
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), scimType: `invalid${HOSTILE}`, detail: `detail ${HOSTILE} end` }),
  };
}

/** What the hostile server answers: controls in every place a value can be. */
function answer(method: string, path: string): RawResponse {
  const id = `u1${HOSTILE}`;
  if (method === 'GET' && path.startsWith('/ServiceProviderConfig')) {
    return {
      status: 200,
      headers: ['Content-Type: application/scim+json', `X-Hostile: \u009b2J`],
      body: JSON.stringify({ schemas: [`urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig${HOSTILE}`], patch: { supported: true }, filter: { supported: true, maxResults: 10 }, documentationUri: HOSTILE }),
    };
  }
  if (method === 'POST' && path.startsWith('/Users')) {
    return {
      status: 201,
      headers: ['Content-Type: application/scim+json', `Location: /Users/${encodeURIComponent(id)}`, `ETag: W/"\u009b\u00ff"`],
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: `name${HOSTILE}`, active: true, meta: { resourceType: `User${HOSTILE}` } }),
    };
  }
  if (method === 'GET' && path.startsWith('/Users?')) {
    return {
      status: 200,
      headers: ['Content-Type: application/scim+json'],
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id, userName: HOSTILE, schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] }] }),
    };
  }
  if (method === 'DELETE') return { status: 500, headers: ['Content-Type: text/plain'], body: `raw text ${HOSTILE}\r\nsecond line` };
  return scimError(method === 'GET' ? 404 : 400);
}

/** A raw HTTP/1.1 server: reads a request, writes the answer's bytes as latin-1/UTF-8, closes. */
async function startRawServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const [method = 'GET', target = '/'] = head.split('\r\n')[0]!.split(' ');
      const path = target.replace(/^\/scim\/v2/, '');
      const r = answer(method, path);
      const body = Buffer.from(r.body, 'utf8');
      const headBytes = Buffer.from(`HTTP/1.1 ${r.status} Hostile\u009b\r\n${r.headers.join('\r\n')}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`, 'latin1');
      socket.end(Buffer.concat([headBytes, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The CLI as a subprocess, with stdout and stderr kept as bytes. */
function runCliBytes(args: readonly string[], timeoutMs: number): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`CLI timed out: ${args.join(' ')}`)); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }); });
  });
}

describe('e2e: server text never reaches the terminal as controls (issue 15 item 2)', function () {
  this.timeout(120_000);
  let server: { url: string; close: () => Promise<void> };
  let out: string;
  before(async () => {
    server = await startRawServer();
    out = mkdtempSync(join(tmpdir(), 'hostile-output-'));
  });
  after(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  const runs: readonly { readonly name: string; readonly args: readonly string[] }[] = [
    { name: 'spec reporter (mocha progress and failures on stderr)', args: [] },
    // list writes titles to process.stdout itself; with --format json stdout must still be only the report.
    { name: 'list reporter and --format json (the report on stdout)', args: ['--format', 'json', '--reporter', 'list'] },
  ];
  for (const { name, args } of runs) {
    it(`${name}: no control character on stdout or stderr`, async () => {
      const result = await runCliBytes(['run', 'okta-spec', 'rfc7644', '--scim-url', server.url, '--scim-auth', `Bearer ${TOKEN}`, '--out', out, '--timeout', '5000', '--read-back-timeout', '200', ...args], 100_000);
      expect(result.code, result.stderr.toString()).to.be.oneOf([1, 4]);
      // The run did see the server's text: it is shown, with visible stand-ins.
      expect(result.stdout.toString() + result.stderr.toString()).to.match(/␛\[2J|␛]0;pwned-title|�31m/);
      expect(firstControl(result.stdout), 'stdout').to.equal(undefined);
      expect(firstControl(result.stderr), 'stderr').to.equal(undefined);
      if (args.includes('json')) {
        const report = JSON.parse(result.stdout.toString()) as { meta: { runId: string } };
        // Same value as report.json on disk: DEL and C1 were escaped, not replaced.
        const { integrity: _stamped, ...stored } = JSON.parse(readFileSync(join(out, report.meta.runId, 'report.json'), 'utf8')) as { integrity?: string };
        expect(report).to.deep.equal(stored);
        expect(JSON.stringify(stored)).to.contain('\u009b31m');
      }
    });
  }
});
