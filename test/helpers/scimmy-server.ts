/**
 * A SCIM server this project did not write: SCIMMY (github.com/scimmyjs/scimmy) with its Express
 * routers (scimmy-routers), which do the SCIM protocol — parsing, schemas, filters, PATCH,
 * ListResponse, errors, /ServiceProviderConfig, /Schemas, /ResourceTypes. The glue here only does
 * what SCIMMY leaves to an implementer: storage in memory, ids and meta dates, bearer auth,
 * userName uniqueness (case-insensitive, RFC 7643 §4.1.1) and Group displayName uniqueness
 * (Entra's rule). Used by test/interop to prove our suites judge an independent implementation
 * fairly: what they report against it is SCIMMY's own behaviour.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

export const SCIMMY_TOKEN = 'scimmy-interop-token';

type Stored = Record<string, unknown> & { id: string };

export interface ScimmyServer {
  /** The SCIM base URL, e.g. http://127.0.0.1:41234/scim/v2 */
  readonly baseUrl: string;
  readonly users: () => readonly Stored[];
  readonly groups: () => readonly Stored[];
  close(): Promise<void>;
}

// SCIMMY keeps declared resource types in module state: one store, reset by each start.
const users = new Map<string, Stored>();
const groups = new Map<string, Stored>();
let declared = false;

const clash = (detail: string): Error => new SCIMMY.Types.Error(409, 'uniqueness', detail);
const notFound = (id: string | undefined): Error => new SCIMMY.Types.Error(404, null as unknown as string, `Resource ${String(id)} not found`);

function handlers(store: Map<string, Stored>, uniqueKey: 'userName' | 'displayName') {
  return {
    ingress: (resource: { id?: string }, instance: Record<string, unknown>) => {
      const key = String(instance[uniqueKey] ?? '').toLowerCase();
      const taken = [...store.values()].some((s) => String(s[uniqueKey] ?? '').toLowerCase() === key && s.id !== resource.id);
      if (taken) throw clash(`${uniqueKey} ${JSON.stringify(instance[uniqueKey])} is already taken`);
      if (resource.id !== undefined && !store.has(resource.id)) throw notFound(resource.id);
      const id = resource.id ?? randomUUID();
      const now = new Date().toISOString();
      const created = (store.get(id)?.['meta'] as { created?: string } | undefined)?.created ?? now;
      const stored: Stored = { ...(JSON.parse(JSON.stringify(instance)) as Record<string, unknown>), id, meta: { created, lastModified: now } };
      store.set(id, stored);
      return stored;
    },
    egress: (resource: { id?: string; filter?: { match(values: readonly unknown[]): unknown[] } }) => {
      if (resource.id !== undefined) {
        const found = store.get(resource.id);
        if (found === undefined) throw notFound(resource.id);
        return found;
      }
      const all = [...store.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress: (resource: { id?: string }) => {
      if (resource.id === undefined || !store.delete(resource.id)) throw notFound(resource.id);
    },
  };
}

function declare(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false), handlers(users, 'userName') as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, handlers(groups, 'displayName') as never);
}

export async function startScimmyServer(): Promise<ScimmyServer> {
  declare();
  users.clear();
  groups.clear();
  const app = express();
  app.use('/scim/v2', new SCIMMYRouters({
    type: 'bearer',
    docUri: 'https://example.com/scim-auth',
    handler: (request: express.Request) => {
      if (request.header('Authorization') !== `Bearer ${SCIMMY_TOKEN}`) throw new Error('Authorization failure');
      return 'interop-admin';
    },
  }) as unknown as express.Router);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    users: () => [...users.values()],
    groups: () => [...groups.values()],
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
