/**
 * The tiny target the Runscope fixtures run against (fixtures/runscope/*.json use `{{baseUrl}}`).
 * These tests are about Runscope semantics, not SCIM, so the routes are whatever exercises them:
 *
 * - `GET /json`: a body with every JSON shape the comparisons care about, plus custom headers;
 * - `GET /text`: a plain-text body (15 bytes);
 * - `* /echo`: what was received (method, path, query, headers, body, and the body as JSON);
 * - `GET /status/<code>`: that status with a SCIM-like error body (`status` as a number);
 * - `GET /slow?ms=N`: answers after N ms;
 * - `POST /items`: creates an item that `GET /items/<id>` shows only after 150 ms (eventual
 *   consistency, for read-back steps); unknown ids stay 404.
 */
import type { ServerResponse } from 'node:http';
import { startTarget, type Target } from '../helpers/http-target.js';

export const RICH_JSON = {
  string: 'hello world',
  empty: '',
  nullValue: null,
  number: 42,
  numericString: '42',
  float: 1.5,
  boolTrue: true,
  boolFalse: false,
  zero: 0,
  array: ['urn:a', 'urn:b'],
  emptyArray: [],
  object: { k: 'v', n: 1 },
  emptyObject: {},
  nested: { list: [{ id: 'x1', name: { givenName: 'Ada' } }] },
  'odd key': 'spaced',
} as const;

export const TEXT_BODY = 'plain text body';

/** How long a created item stays invisible to GET: less than the confirming re-read (run-step.ts, 100 ms). */
export const ITEM_DELAY_MS = 40;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : [...[prev].flat(), v];
  }
  return out;
}

export async function startFixtureTarget(): Promise<Target> {
  const items = new Map<string, { name: string; visibleAt: number }>();
  let next = 0;
  return startTarget((req, res, _hit, body) => {
    const url = new URL(req.url ?? '/', 'http://target');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/json') {
      send(res, 200, RICH_JSON, { 'X-Custom': 'abc', 'X-Number': '7', 'X-Multi': ['one', 'two'] });
    } else if (req.method === 'GET' && path === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(TEXT_BODY);
    } else if (path === '/echo') {
      let json: unknown = null;
      try { json = JSON.parse(body); } catch { /* not JSON */ }
      send(res, 200, { method: req.method, path, query: queryObject(url.searchParams), headers: req.headers, body, json });
    } else if (req.method === 'GET' && path.startsWith('/status/')) {
      const code = Number(path.slice('/status/'.length));
      send(res, code, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: code, detail: `status ${code}` });
    } else if (req.method === 'GET' && path === '/slow') {
      setTimeout(() => send(res, 200, { slept: Number(url.searchParams.get('ms')) }), Number(url.searchParams.get('ms') ?? 0));
    } else if (req.method === 'POST' && path === '/items') {
      next += 1;
      const id = `item-${next}`;
      let name = '';
      try { name = String((JSON.parse(body) as { name?: unknown }).name ?? ''); } catch { /* keep empty */ }
      items.set(id, { name, visibleAt: Date.now() + ITEM_DELAY_MS });
      send(res, 201, { id, name });
    } else if (req.method === 'GET' && path.startsWith('/items/')) {
      const id = decodeURIComponent(path.slice('/items/'.length));
      const item = items.get(id);
      if (!item || Date.now() < item.visibleAt) send(res, 404, { detail: `no item ${id}` });
      else send(res, 200, { id, name: item.name });
    } else {
      send(res, 404, { detail: `no route ${req.method ?? ''} ${path}` });
    }
  });
}
