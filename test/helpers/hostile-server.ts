/**
 * A catalogue of hostile SCIM targets (issue "Survive any target", item 5): a front that
 * forwards to a real reference server and misbehaves in exactly one named way. Each behaviour
 * is what a broken, malicious or overloaded server really does on the wire: hangs, resets,
 * dribbles, floods, lies about lengths and encodings, echoes the credential back in disguise,
 * redirects, answers absurd numbers or terminal escapes. Real sockets, no mocks.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';

/** The bearer token the catalogue's targets accept; every form of it must stay out of every artifact. */
export const HOSTILE_TOKEN = 'hostile-SECRET-tok3n-9f8e7d6c';
export const HOSTILE_AUTH = `Bearer ${HOSTILE_TOKEN}`;

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** What the front does with one request: answer itself, or forward (optionally rewriting the upstream answer). */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: string;
  /** 1-based count of requests so far. */
  readonly n: number;
  /** Forward to the reference server; `edit` may rewrite the upstream's status, headers and body text. */
  forward(edit?: (up: Upstream) => Upstream | void): void;
}

export interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HostileBehaviour {
  readonly name: string;
  /** What a real server doing this looks like. */
  readonly description: string;
  readonly handle: (x: Exchange) => void;
}

const isList = (x: Exchange): boolean => x.req.method === 'GET' && /\/(Users|Groups)(\?|$)/.test(x.req.url ?? '');
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/scim+json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const raw = (res: ServerResponse, bytes: string | Buffer, end = true): void => {
  const socket = res.socket;
  if (!socket) return;
  socket.write(bytes);
  if (end) socket.destroy();
};
const echo = (form: (token: string) => string) => (x: Exchange): void =>
  json(x.res, 400, { schemas: [ERROR], status: '400', detail: `bad credential ${form(HOSTILE_TOKEN)}; header was ${form(x.req.headers.authorization ?? '')}` });
const listWith = (edit: (list: Record<string, unknown>) => void) => (x: Exchange): void => {
  if (!isList(x)) return x.forward();
  x.forward((up) => {
    try {
      const list = JSON.parse(up.body) as Record<string, unknown>;
      edit(list);
      up.body = JSON.stringify(list);
    } catch { /* not JSON: leave it */ }
  });
};

/** At least 30 misbehaviours, one each. */
export const HOSTILE_BEHAVIOURS: readonly HostileBehaviour[] = [
  { name: 'hang-every-request', description: 'accepts the connection and never answers', handle: () => undefined },
  { name: 'hang-one-in-three', description: 'never answers every third request, answers the rest', handle: (x) => (x.n % 3 === 0 ? undefined : x.forward()) },
  { name: 'reset-connection', description: 'resets the TCP connection without a byte', handle: (x) => x.req.socket.resetAndDestroy() },
  { name: 'close-after-headers', description: 'sends headers promising a body, then closes', handle: (x) => raw(x.res, 'HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 500\r\n\r\n{"schemas":') },
  { name: 'dribble-body', description: 'sends the body one byte every 200 ms', handle: (x) => {
    x.res.writeHead(200, { 'content-type': 'application/scim+json' });
    let i = 0;
    const text = JSON.stringify({ schemas: [LIST], totalResults: 0, Resources: [] });
    const t = setInterval(() => { if (i >= text.length || x.res.destroyed) { clearInterval(t); x.res.end(); } else x.res.write(text[i++] ?? ''); }, 200);
    x.res.on('close', () => clearInterval(t));
  } },
  { name: 'slow-but-correct', description: 'answers every request correctly, 1.5 s late', handle: (x) => { const t = setTimeout(() => x.forward(), 1500); x.res.on('close', () => clearTimeout(t)); } },
  { name: 'html-error-page', description: 'a proxy\'s HTML error page with status 200', handle: (x) => { x.res.writeHead(200, { 'content-type': 'text/html' }); x.res.end('<html><body><h1>Bad gateway</h1><script>alert(1)</script></body></html>'); } },
  { name: 'invalid-json', description: 'JSON cut in the middle', handle: (x) => json(x.res, 200, '{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[{"id":') },
  { name: 'deeply-nested-json', description: 'an array nested 200 000 levels deep', handle: (x) => json(x.res, 200, `${'['.repeat(200_000)}${']'.repeat(200_000)}`) },
  { name: 'huge-body', description: 'a 20 MiB JSON string body', handle: (x) => json(x.res, 200, JSON.stringify({ schemas: [LIST], totalResults: 1, Resources: [], detail: 'x'.repeat(20 * 1024 * 1024) })) },
  { name: 'list-of-100k', description: 'a ListResponse with 100 000 small resources', handle: listWith((l) => { l['Resources'] = Array.from({ length: 100_000 }, (_, i) => ({ id: `u${i}`, userName: `u${i}@x` })); l['totalResults'] = 100_000; }) },
  { name: 'total-results-1e12', description: 'totalResults 10^12', handle: listWith((l) => { l['totalResults'] = 1e12; }) },
  { name: 'total-results-negative', description: 'totalResults -5', handle: listWith((l) => { l['totalResults'] = -5; }) },
  { name: 'total-results-nan', description: 'totalResults "NaN" and itemsPerPage Infinity-ish 1e308', handle: listWith((l) => { l['totalResults'] = 'NaN'; l['itemsPerPage'] = 1e308; }) },
  { name: 'retry-after-huge', description: '429 with Retry-After 10^23 seconds', handle: (x) => json(x.res, 429, { schemas: [ERROR], status: '429', detail: 'slow down' }, { 'retry-after': '100000000000000000000000' }) },
  { name: 'always-429', description: '429 with Retry-After 1 on every request', handle: (x) => json(x.res, 429, { schemas: [ERROR], status: '429' }, { 'retry-after': '1' }) },
  { name: 'always-500', description: '500 with a stack trace that echoes the token', handle: (x) => json(x.res, 500, { schemas: [ERROR], status: '500', detail: `NullPointerException at auth(${x.req.headers.authorization ?? ''})` }) },
  { name: 'echo-token-exact', description: 'echoes the Authorization header as it is', handle: echo((t) => t) },
  { name: 'echo-token-case', description: 'echoes the token upper-cased and lower-cased', handle: echo((t) => `${t.toUpperCase()} ${t.toLowerCase()}`) },
  { name: 'echo-token-json-escaped', description: 'echoes the token with every character as \\uXXXX inside JSON', handle: (x) => json(x.res, 400, `{"schemas":["${ERROR}"],"status":"400","detail":"token ${[...HOSTILE_TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`) },
  { name: 'echo-token-base64', description: 'echoes the token base64-encoded, with and without padding', handle: echo((t) => `${Buffer.from(t).toString('base64')} ${Buffer.from(t).toString('base64url')}`) },
  { name: 'echo-token-percent', description: 'echoes the token percent-encoded in both letter cases', handle: echo((t) => `${[...t].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')} ${[...t].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')}`) },
  { name: 'echo-token-html-entities', description: 'echoes the token as HTML entities', handle: echo((t) => [...t].map((c) => `&#${c.charCodeAt(0)};`).join('')) },
  { name: 'echo-token-in-headers', description: 'echoes the token in response headers', handle: (x) => x.forward((up) => { up.headers['x-debug-auth'] = x.req.headers.authorization ?? ''; up.headers['set-cookie'] = `s=${HOSTILE_TOKEN}`; }) },
  { name: 'redirect-elsewhere', description: '307 to another origin (the credential must not follow)', handle: (x) => { x.res.writeHead(307, { location: `http://127.0.0.2:9${x.req.url ?? ''}` }); x.res.end(); } },
  { name: 'redirect-loop', description: '302 to itself forever', handle: (x) => { x.res.writeHead(302, { location: x.req.url ?? '/' }); x.res.end(); } },
  { name: 'terminal-escapes', description: 'error details with NUL, BEL, ESC[2J, an OSC title and C1 CSI', handle: (x) => json(x.res, 400, { schemas: [ERROR], status: '400', scimType: '\u001b]0;pwned\u0007', detail: 'a\u0000b\u0007c\u001b[2Jd\u009b31me\u007f' }) },
  { name: 'control-chars-in-strings', description: 'CRLF and control characters inside JSON strings of resources', handle: (x) => x.forward((up) => { up.body = up.body.replace(/"userName":"/g, '"userName":"\\r\\n\\u0001\\u001b[31m'); }) },
  { name: 'path-like-ids', description: 'ids that look like paths and carry CRLF', handle: (x) => x.forward((up) => { up.body = up.body.replace(/"id":"([^"]+)"/g, '"id":"$1/../../../../etc/passwd\\r\\n"'); }) },
  { name: 'lone-surrogates', description: 'lone UTF-16 surrogates in ids and names', handle: (x) => x.forward((up) => { up.body = up.body.replace(/"id":"([^"]+)"/g, '"id":"$1\\ud800"'); }) },
  { name: 'binary-body', description: 'random binary bytes labelled application/scim+json', handle: (x) => { x.res.writeHead(200, { 'content-type': 'application/scim+json' }); x.res.end(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))); } },
  { name: 'false-gzip', description: 'Content-Encoding: gzip on a body that is not gzip', handle: (x) => { x.res.writeHead(200, { 'content-type': 'application/scim+json', 'content-encoding': 'gzip' }); x.res.end('{"not":"gzip"}'); } },
  { name: 'short-content-length', description: 'Content-Length longer than the body, connection kept open', handle: (x) => raw(x.res, 'HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 100000\r\n\r\n{}', false) },
  { name: 'malformed-chunked', description: 'a chunked body with a bad chunk size', handle: (x) => raw(x.res, 'HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n') },
  { name: 'status-999', description: 'an HTTP status outside every class', handle: (x) => raw(x.res, 'HTTP/1.1 999 Weird\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\n\r\n{}') },
  { name: 'garbage-status-line', description: 'not HTTP at all', handle: (x) => raw(x.res, 'SSH-2.0-OpenSSH_9.2\r\n\r\n') },
  { name: 'huge-header', description: 'a 100 KiB response header', handle: (x) => raw(x.res, `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`) },
  { name: 'thousands-of-headers', description: '5 000 response headers', handle: (x) => raw(x.res, `HTTP/1.1 200 OK\r\n${Array.from({ length: 5000 }, (_, i) => `X-H${i}: v\r\n`).join('')}Content-Length: 2\r\n\r\n{}`) },
  { name: 'javascript-location', description: '201 with Location: javascript:alert(1) and meta.location the same', handle: (x) => x.forward((up) => { if (up.status === 201) { up.headers['location'] = 'javascript:alert(document.cookie)'; up.body = up.body.replace(/"location":"[^"]*"/, '"location":"javascript:alert(1)"'); } }) },
];

export interface HostileTarget {
  /** SCIM base URL of the front. */
  readonly baseUrl: string;
  readonly upstream: ReferenceServer;
  close(): Promise<void>;
}

/** Starts a reference server and, in front of it, a target that misbehaves as `behaviour` says. */
export async function startHostileTarget(behaviour: HostileBehaviour): Promise<HostileTarget> {
  const upstream = await startReferenceServer({ port: 0, token: HOSTILE_TOKEN });
  const up = new URL(upstream.baseUrl);
  const sockets = new Set<Socket>();
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      n += 1;
      const forward = (edit?: (u: Upstream) => Upstream | void): void => {
        const out = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } }, (ur) => {
          const parts: Buffer[] = [];
          ur.on('data', (c: Buffer) => parts.push(c));
          ur.on('end', () => {
            const upstreamAnswer: Upstream = { status: ur.statusCode ?? 502, headers: {}, body: Buffer.concat(parts).toString('utf8') };
            for (const [k, v] of Object.entries(ur.headers)) if (typeof v === 'string' && k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') upstreamAnswer.headers[k] = v;
            const edited = edit?.(upstreamAnswer) ?? upstreamAnswer;
            if (res.destroyed) return;
            try {
              res.writeHead(edited.status, edited.headers);
              res.end(edited.body);
            } catch {
              res.destroy();
            }
          });
        });
        out.on('error', () => res.destroy());
        out.end(body);
      };
      behaviour.handle({ req, res, body, n, forward });
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => undefined); });
  server.on('clientError', (_e, s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${up.pathname}`,
    upstream,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}
