/**
 * The smallest SCIM 2.0 server that Okta's SPEC export can pass against: one seeded user, user
 * create with 409 on a duplicate userName, `userName eq` filters, an empty /Groups, Bearer
 * auth. Only for running Okta's unmodified export end to end in a test; the real reference
 * server lives in src/reference-server/.
 */
import type { ServerResponse } from 'node:http';
import { startTarget, type Target } from '../helpers/http-target.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface User { id: string; userName: string; name: { givenName: string; familyName: string }; emails: { value: string; primary?: boolean; type?: string }[]; active: boolean }

export interface MiniScim extends Target {
  /** Every request seen: `METHOD path?query` plus the raw body. */
  readonly requests: { line: string; body: string; contentType: string | undefined }[];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/scim+json' });
  res.end(JSON.stringify(body));
}

const error = (res: ServerResponse, status: number, detail: string): void => send(res, status, { schemas: [ERROR], status: String(status), detail });
const resource = (u: User): unknown => ({ schemas: [USER], ...u, meta: { resourceType: 'User' } });

export async function startMiniScim(token: string): Promise<MiniScim> {
  const users: User[] = [{ id: 'seed-1', userName: 'seed@example.com', name: { givenName: 'Seed', familyName: 'User' }, emails: [{ value: 'seed@example.com', primary: true }], active: true }];
  const requests: MiniScim['requests'] = [];
  let next = 1;
  const target = await startTarget((req, res, _hit, body) => {
    const url = new URL(req.url ?? '/', 'http://scim');
    requests.push({ line: `${req.method ?? ''} ${url.pathname}${url.search}`, body, contentType: req.headers['content-type'] });
    if (req.headers.authorization !== `Bearer ${token}`) return error(res, 401, 'authentication required');
    const [, collection, id] = url.pathname.split('/');
    if (collection === 'Groups' && req.method === 'GET') return send(res, 200, { schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    if (collection !== 'Users') return error(res, 404, 'no such endpoint');
    if (req.method === 'GET' && id) {
      const u = users.find((x) => x.id === id);
      return u ? send(res, 200, resource(u)) : error(res, 404, `user ${id} not found`);
    }
    if (req.method === 'GET') {
      const filter = url.searchParams.get('filter');
      const m = filter ? /^userName eq "(.*)"$/.exec(filter) : null;
      if (filter && !m) return error(res, 400, 'unsupported filter');
      const found = m ? users.filter((u) => u.userName.toLowerCase() === (m[1] ?? '').toLowerCase()) : users;
      const count = Number(url.searchParams.get('count') ?? found.length);
      const page = found.slice(0, count);
      return send(res, 200, { schemas: [LIST], totalResults: found.length, startIndex: 1, itemsPerPage: page.length, Resources: page.map(resource) });
    }
    if (req.method === 'POST') {
      const input = JSON.parse(body) as Omit<User, 'id'>;
      if (users.some((u) => u.userName.toLowerCase() === input.userName.toLowerCase())) return error(res, 409, 'userName taken');
      const user: User = { id: `u-${next++}`, userName: input.userName, name: input.name, emails: input.emails, active: input.active };
      users.push(user);
      return send(res, 201, resource(user));
    }
    return error(res, 405, 'method not allowed');
  });
  return { ...target, requests };
}
