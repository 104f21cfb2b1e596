/**
 * Loopback targets that are slow on purpose, for the run-lifecycle tests (signals, deadline):
 * a proxy that forwards every request to a real server and answers only after a delay, and a
 * server that accepts connections and never answers. Real sockets, no mocks.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SlowTarget {
  /** Base URL with the upstream's path (e.g. `http://127.0.0.1:1234/scim/v2`). */
  readonly baseUrl: string;
  /** Requests received so far (method and path). */
  readonly received: () => readonly { readonly method: string; readonly path: string }[];
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, path: string, log: { method: string; path: string }[]): Promise<SlowTarget> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    log.push({ method: req.method ?? '', path: req.url ?? '' });
    handler(req, res);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${path}`,
    received: () => log,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** An answer the proxy gives itself instead of forwarding (e.g. a 429 with an absurd Retry-After). */
export interface OwnAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Forwards everything to `upstreamBaseUrl` (same path) and answers `delayMs` after the upstream
 * did: a server that answers everything correctly, slowly. `intercept` may answer a request
 * itself instead.
 */
export function startSlowProxy(upstreamBaseUrl: string, delayMs: number, intercept?: (method: string, path: string) => OwnAnswer | undefined): Promise<SlowTarget> {
  const upstream = new URL(upstreamBaseUrl);
  const timers = new Set<NodeJS.Timeout>();
  return listen((req, res) => {
    const own = intercept?.(req.method ?? '', req.url ?? '');
    if (own) {
      req.resume();
      res.writeHead(own.status, own.headers);
      res.end(own.body);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          const t = setTimeout(() => {
            timers.delete(t);
            if (res.destroyed) return;
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(body));
          }, delayMs);
          timers.add(t);
        });
      });
      out.on('error', () => { res.destroy(); });
      out.end(Buffer.concat(chunks));
    });
  }, upstream.pathname, []);
}

/** A server that reads every request and never answers (the default 30 s --timeout would wait it out). */
export function startHungServer(path = '/scim/v2'): Promise<SlowTarget> {
  return listen(() => undefined, path, []);
}
