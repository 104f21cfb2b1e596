/**
 * Redaction that cannot be dodged, end to end (issue 14 item 2): fast-check picks a token and an
 * encoding; a loopback server echoes the token, in that encoding, in its error details, a
 * response header and the ids it hands out; the CLI runs okta-spec with the mochawesome reporter.
 * No form of the token may appear in report.json, report.html, junit.xml, mochawesome's files,
 * stdout or stderr — read as written and with HTML/XML character references decoded.
 * A few runs only (each is a CLI subprocess); the unit property test of redact has thousands.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { BIN } from '../helpers/cli.js';
import { b64, ENCODINGS } from '../http/secret-encodings.js';

/** Tokens a header can carry: visible ASCII, including every encoding's special characters. */
const TOKEN = fc.string({ unit: fc.constantFrom(...'abcdefxyzABCDEFXYZ0123456789+/=-_.~!*\'()%&;#<>"\\:@?[]{}|^`'), minLength: 10, maxLength: 24 })
  .filter((t) => t.replace(/\+/g, '').length >= 10);

/** Encodings a server can put in a JSON body (folding ones go in the body text as written). */
const ENCODING = fc.constantFrom(...Object.keys(ENCODINGS).filter((n) => n !== 'header folding'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** HTML/XML character references decoded once (what a reader of the page sees). */
function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, ref: string) => {
    const r = ref.toLowerCase();
    if (r.startsWith('#x')) return String.fromCodePoint(Number.parseInt(r.slice(2), 16));
    if (r.startsWith('#')) return String.fromCodePoint(Number.parseInt(r.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[r] ?? '';
  });
}

/** A server that echoes the bearer token, encoded, wherever a SCIM server puts text. */
async function startEchoServer(encode: (token: string) => string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const echoed = encode(token);
      // In the JSON text as the encoding wrote it (its escapes stay escapes), or JSON-escaped.
      const inJson = /\\u|\\\//.test(echoed) ? echoed.replace(/"/g, '\\u0022') : JSON.stringify(echoed).slice(1, -1);
      const headerSafe = /^[\x20-\x7e]*$/.test(echoed);
      const headers: Record<string, string> = { 'content-type': 'application/scim+json', ...(headerSafe ? { 'x-echo': echoed, location: `/Users/${encodeURIComponent(echoed)}` } : {}) };
      if (req.method === 'POST') {
        res.writeHead(201, headers);
        res.end(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"${inJson}","userName":"u-${inJson}","active":true}`);
        return;
      }
      res.writeHead(req.method === 'GET' ? 404 : 400, headers);
      res.end(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"${req.method === 'GET' ? 404 : 400}","detail":"bad token ${inJson} (echoed)","scimType":"${inJson}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/scim/v2`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('CLI timed out')); }, 150_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }); });
  });
}

describe('e2e: no form of the token in any artifact (issue 14 item 2)', function () {
  this.timeout(900_000);

  it('property: arbitrary tokens echoed in arbitrary encodings never reach an artifact', async () => {
    await fc.assert(fc.asyncProperty(TOKEN, ENCODING, async (token, encoding) => {
      const encode = (t: string): string => ENCODINGS[encoding]!(t, [true, false, false], 7);
      const server = await startEchoServer(encode);
      const out = mkdtempSync(join(tmpdir(), 'redaction-artifacts-'));
      try {
        const result = await runCli(['run', 'okta-spec', '--scim-url', server.url, '--scim-auth', `Bearer ${token}`, '--out', out, '--reporter', 'mochawesome', '--read-back-timeout', '100']);
        expect(result.code, result.stderr.slice(-1500)).to.be.oneOf([1, 4]);
        const files = filesUnder(out);
        expect(files.some((f) => f.endsWith('report.json')) && files.some((f) => f.includes('mochawesome')), files.join(', ')).to.equal(true);
        const forms = new Set([token, encode(token), b64(token).replace(/=+$/, ''), ...Object.values(ENCODINGS).map((e) => e(token, [true, false, false], 7))]);
        const artifacts: [string, string][] = [['stdout', result.stdout], ['stderr', result.stderr], ...files.map((f): [string, string] => [f, readFileSync(f, 'utf8')])];
        for (const [name, text] of artifacts) {
          for (const view of [text, decodeReferences(text)]) {
            const lower = view.toLowerCase();
            for (const form of forms) {
              if (form.length < 8) continue;
              expect(lower.includes(form.toLowerCase()), `${encoding} form ${JSON.stringify(form)} in ${name}`).to.equal(false);
            }
          }
        }
        // report.json's strings, parsed (JSON escapes decoded), hold no token either.
        const report = readFileSync(files.find((f) => f.endsWith('report.json'))!, 'utf8');
        expect(JSON.stringify(JSON.parse(report)).toLowerCase()).not.to.contain(token.toLowerCase());
      } finally {
        await server.close();
        rmSync(out, { recursive: true, force: true });
      }
    }), { numRuns: 6 });
  });
});
