/**
 * Scale benches (issue 10 item 4), ratios against a baseline measured in the same process:
 *
 * - import scan: an Okta-import-style paginated scan (`count=100`, okta-wire.md §1.10) of
 *   10 000 and 100 000 users of the reference server. Time must grow linearly
 *   (100k/10k ≤ 11x) and the memory the scan holds must stay flat (peak heap growth while
 *   scanning, and what the scan result retains).
 * - group: a 1 000-member group built in Okta-sized batches (PATCH add of 100 members, with the
 *   rename op Okta sends on every membership update, okta-wire.md §1.11) vs a 100-member group.
 */
import { getHeapStatistics } from 'node:v8';
import { scanUsers, type ImportScanResult } from '../src/load/import-scan.js';
import { sendRequest } from '../src/http/send.js';
import { startReferenceServer } from '../src/reference-server/index.js';
import type { JsonObject } from '../src/scim/json-value.js';
import { exposeGc, type BenchRow } from './bench-row.js';

const TOKEN = 'bench-scale-token';
const AUTH = `Bearer ${TOKEN}`;

/** A complete user as Okta creates it (okta-wire.md §1.4), numbered. */
export function benchUser(i: number): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `scale.user.${i}@example.com`,
    name: { givenName: `Scale${i}`, familyName: 'User' },
    emails: [{ primary: true, value: `scale.user.${i}@example.com`, type: 'work' }],
    displayName: `Scale ${i} User`,
    active: true,
  };
}

function* users(n: number): Generator<JsonObject> {
  for (let i = 0; i < n; i += 1) yield benchUser(i);
}

/** One scan of `n` users: time (GC sampling excluded) and the live heap it grew by. */
export interface ScanMeasurement {
  readonly users: number;
  readonly ms: number;
  /** Largest live-heap growth (after GC) seen while scanning. */
  readonly liveGrowthKiB: number;
  readonly result: ImportScanResult;
}

/** Seeds a fresh reference server with `n` users and scans it as Okta's import does. */
export async function measureScan(n: number, gc: () => void): Promise<ScanMeasurement> {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    server.addUsers(users(n));
    // A first request warms the server's list snapshot and the connection: the scan measures paging.
    await sendRequest({ method: 'GET', url: `${server.baseUrl}/Users?count=1`, headers: [['Authorization', AUTH]], timeoutMs: 60_000 });
    gc();
    const before = getHeapStatistics().used_heap_size;
    // Live heap while scanning: sampled after a full GC at every tenth of the pages, so the
    // figure is what the scan holds, not garbage awaiting collection.
    const every = Math.max(1, Math.floor(n / 100 / 10));
    let peak = before;
    const t0 = performance.now();
    let gcMs = 0;
    const result = await scanUsers({
      baseUrl: server.baseUrl,
      authorization: AUTH,
      count: 100,
      onPage: (pages) => {
        if (pages % every !== 0) return;
        const g0 = performance.now();
        gc();
        peak = Math.max(peak, getHeapStatistics().used_heap_size);
        gcMs += performance.now() - g0;
      },
    });
    const ms = performance.now() - t0 - gcMs;
    if (result.resources !== n || result.problems.length > 0) {
      throw new Error(`scan of ${n} users saw ${result.resources}: ${result.problems.join('; ')}`);
    }
    return { users: n, ms, liveGrowthKiB: Math.max(0, peak - before) / 1024, result };
  } finally {
    await server.close();
  }
}

/** One group of `members` users built in PATCH batches of `batch`, as Okta's Group Push sends them. */
export interface GroupMeasurement {
  readonly members: number;
  readonly ms: number;
  readonly slowestBatchMs: number;
  readonly finalMembers: number;
}

/** Builds a group of `members` users in batches of `batch` on a fresh reference server. */
export async function measureGroup(members: number, batch: number): Promise<GroupMeasurement> {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const ids = server.addUsers(users(members));
    const headers = [['Authorization', AUTH], ['Content-Type', 'application/scim+json'], ['Accept', 'application/scim+json']] as const;
    const send = (method: string, path: string, body: unknown) =>
      sendRequest({ method, url: `${server.baseUrl}${path}`, headers, body: JSON.stringify(body), timeoutMs: 60_000 });
    const displayName = `Scale group ${members}`;
    const t0 = performance.now();
    // okta-wire.md §1.11: POST {displayName, members: []}, then PATCH per membership change.
    const created = await send('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [] });
    const groupId = created.ok ? (JSON.parse(created.response.text) as { id?: string }).id : undefined;
    if (groupId === undefined) throw new Error('the group was not created');
    let slowest = 0;
    for (let from = 0; from < ids.length; from += batch) {
      const value = ids.slice(from, from + batch).map((id, k) => ({ value: id, display: `scale.user.${from + k}@example.com` }));
      const outcome = await send('PATCH', `/Groups/${groupId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'replace', value: { id: groupId, displayName } },
          { op: 'add', path: 'members', value },
        ],
      });
      if (!outcome.ok || outcome.response.status >= 300) throw new Error(`batch at ${from} failed`);
      slowest = Math.max(slowest, outcome.totalMs);
    }
    const ms = performance.now() - t0;
    const final = server.groups()[0]?.['members'];
    return { members, ms, slowestBatchMs: slowest, finalMembers: Array.isArray(final) ? final.length : 0 };
  } finally {
    await server.close();
  }
}

/** The scale rows of `npm run bench`. */
export async function scaleBench(sizes: { readonly small: number; readonly large: number } = { small: 10_000, large: 100_000 }): Promise<BenchRow[]> {
  const gc = await exposeGc();
  await measureScan(1000, gc); // warm-up: JIT and connections, so the baseline is not the slow one
  // The baseline is the median of three scans (the CPU is shared; one run is noisy).
  const smalls = [await measureScan(sizes.small, gc), await measureScan(sizes.small, gc), await measureScan(sizes.small, gc)]
    .sort((a, b) => a.ms - b.ms);
  const small = smalls[1] ?? smalls[0];
  if (small === undefined) throw new Error('no baseline scan');
  const large = await measureScan(sizes.large, gc);
  const factor = sizes.large / sizes.small;
  const group100 = await measureGroup(100, 10);
  const group1000 = await measureGroup(1000, 100);
  const k = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));
  return [
    { name: `scale: import scan ${k(sizes.large)} users`, value: large.ms, baseline: `scan of ${k(sizes.small)} users`, baselineValue: small.ms, expect: `linear: ≤ ${factor + 1}x` },
    { name: `scale: scan live heap ${k(sizes.large)}`, value: large.liveGrowthKiB, unit: 'KiB', baseline: `same, ${k(sizes.small)} users`, baselineValue: small.liveGrowthKiB, expect: 'flat: no growth at either size' },
    { name: 'scale: 1000-member group, 10x100', value: group1000.ms, baseline: '100-member group, 10x10', baselineValue: group100.ms, expect: `slowest batch ${group1000.slowestBatchMs.toFixed(1)} ms; Okta's limit is 60 s` },
  ];
}
