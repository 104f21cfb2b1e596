/**
 * "Import Now" of the emulated org (okta-wire.md §1.10): Okta reads the app's users and groups
 * with `GET /Users?startIndex=1&count=100`, then the next page while fewer than `totalResults`
 * were read, and the same for `/Groups`. Only active users are imported [CONCEPT]; a user
 * already linked to an app user updates that app user's profile (IMPORT_PROFILE_UPDATES),
 * others are listed as import results to confirm [PLAN C9303/C9304/C9338].
 *
 * Choices where Okta's docs are silent: the next page starts after the resources actually
 * received (a server may return fewer than `count`, RFC7644-3.4.2.4); a page that repeats a
 * resource of an earlier page, or an empty page before `totalResults` is reached, fails the
 * import — its results would be incomplete ([REF20]: "ordering must be stable across pages").
 */
import { joinScimUrl } from '../../scim/base-url.js';
import { describeScimFailure, type OktaScimClient } from './okta-scim-client.js';
import type { OrgState } from './org-state.js';
import { isRecord } from './scim-user-mapping.js';

/** Okta's page size for imports [REF20]. */
export const IMPORT_PAGE_SIZE = 100;
/** A server answering more pages than this is not followed further (a hostile target). */
const MAX_PAGES = 1000;

export type ImportKind = 'FULL' | 'INCREMENTAL';

/** The Import tab's statistics ("1 users scanned! 1 new user imported …"), plus what Okta saw. */
export interface ImportResult {
  readonly kind: ImportKind;
  readonly usersScanned: number;
  readonly usersNew: number;
  readonly usersUpdated: number;
  readonly usersUnchanged: number;
  readonly usersRemoved: number;
  readonly usersSkippedInactive: number;
  readonly groupsScanned: number;
  readonly groupsNew: number;
  readonly groupsUpdated: number;
  readonly groupsUnchanged: number;
  readonly groupsRemoved: number;
  /** Per user read: its SCIM id, userName and what the import did with it. */
  readonly users: readonly { readonly externalId: string; readonly userName: string; readonly result: 'NEW' | 'UPDATED' | 'UNCHANGED' | 'SKIPPED_INACTIVE' }[];
  readonly groups: readonly { readonly externalId: string; readonly displayName: string; readonly result: 'NEW' | 'UPDATED' | 'UNCHANGED' }[];
  /** The requests Okta made, in order (`GET /Users?startIndex=1&count=100`, …). */
  readonly requests: readonly string[];
  /** Why the import failed, as Okta's import task says it; empty when it completed. */
  readonly errors: readonly string[];
}

class ImportFailure extends Error {}

type Resource = Record<string, unknown> & { readonly id: string };

/** Runs one import against the app's SCIM server; never throws for anything the server does. */
export async function runImport(state: OrgState, scim: OktaScimClient, kind: ImportKind): Promise<ImportResult> {
  const requests: string[] = [];
  const errors: string[] = [];
  const users: ImportResult['users'][number][] = [];
  const groups: ImportResult['groups'][number][] = [];
  let usersRemoved = 0;
  let groupsRemoved = 0;
  const task = `Import of users and groups from app ${state.app.label} failed`;
  try {
    const userResources = await readAll(scim, '/Users', requests);
    const seen = new Set<string>();
    for (const r of userResources) {
      seen.add(r.id);
      const userName = typeof r['userName'] === 'string' ? r['userName'] : '';
      // [CONCEPT]: "Okta doesn't import users whose active attribute is false".
      if (r['active'] === false) {
        users.push({ externalId: r.id, userName, result: 'SKIPPED_INACTIVE' });
        continue;
      }
      users.push({ externalId: r.id, userName, result: importUser(state, r, userName) });
    }
    if (kind === 'FULL') {
      // A full import removes import results the app no longer has (the Import tab's "users removed").
      for (const id of [...state.importedUsers.keys()]) {
        if (!seen.has(id)) {
          state.importedUsers.delete(id);
          usersRemoved++;
        }
      }
    }
    // An app without groups (/Groups answers 404) has none to import: Okta's "Import groups" is off for it.
    const groupResources = await readAll(scim, '/Groups', requests, true);
    const seenGroups = new Set<string>();
    for (const g of groupResources) {
      seenGroups.add(g.id);
      const displayName = typeof g['displayName'] === 'string' ? g['displayName'] : '';
      const members = Array.isArray(g['members'])
        ? g['members'].flatMap((m) => (isRecord(m) && typeof m['value'] === 'string' ? [m['value']] : []))
        : [];
      const existing = state.importedGroups.get(g.id);
      if (!existing) {
        state.importedGroups.set(g.id, { externalId: g.id, displayName, memberExternalIds: members });
        groups.push({ externalId: g.id, displayName, result: 'NEW' });
      } else if (existing.displayName !== displayName || JSON.stringify(existing.memberExternalIds) !== JSON.stringify(members)) {
        existing.displayName = displayName;
        existing.memberExternalIds = members;
        groups.push({ externalId: g.id, displayName, result: 'UPDATED' });
      } else {
        groups.push({ externalId: g.id, displayName, result: 'UNCHANGED' });
      }
    }
    if (kind === 'FULL') {
      for (const id of [...state.importedGroups.keys()]) {
        if (!seenGroups.has(id)) {
          state.importedGroups.delete(id);
          groupsRemoved++;
        }
      }
    }
  } catch (err) {
    if (!(err instanceof ImportFailure)) throw err;
    errors.push(scim.redact(`${task}: ${err.message}`));
  }
  const count = <T extends { readonly result: string }>(list: readonly T[], result: string): number => list.filter((x) => x.result === result).length;
  return {
    kind,
    usersScanned: users.length,
    usersNew: count(users, 'NEW'),
    usersUpdated: count(users, 'UPDATED'),
    usersUnchanged: count(users, 'UNCHANGED'),
    usersRemoved,
    usersSkippedInactive: count(users, 'SKIPPED_INACTIVE'),
    groupsScanned: groups.length,
    groupsNew: count(groups, 'NEW'),
    groupsUpdated: count(groups, 'UPDATED'),
    groupsUnchanged: count(groups, 'UNCHANGED'),
    groupsRemoved,
    users,
    groups,
    requests,
    errors,
  };
}

/** The app profile an imported SCIM user gives (the template's mappings, read the other way). */
function importedProfile(r: Record<string, unknown>): Record<string, unknown> {
  const name = isRecord(r['name']) ? r['name'] : {};
  const emails = Array.isArray(r['emails']) ? r['emails'].filter(isRecord) : [];
  const email = emails.find((e) => e['primary'] === true) ?? emails[0];
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    givenName: text(name['givenName']),
    familyName: text(name['familyName']),
    email: text(email?.['value']),
    emailType: text(email?.['type']) ?? 'work',
    title: text(r['title']),
  };
}

/** New import result, or an update of the linked app user / pending result. */
function importUser(state: OrgState, r: Resource, userName: string): 'NEW' | 'UPDATED' | 'UNCHANGED' {
  const profile = importedProfile(r);
  const linked = [...state.assignments.values()].find((a) => a.assigned && a.externalId === r.id);
  if (linked) {
    const next = { ...linked.profile, ...profile };
    if (JSON.stringify(next) === JSON.stringify(linked.profile) && linked.userName === userName) return 'UNCHANGED';
    // IMPORT_PROFILE_UPDATES: the app user takes the app's values (nothing is pushed back).
    linked.profile = next;
    if (userName !== '') linked.userName = userName;
    linked.lastUpdated = new Date().toISOString();
    return 'UPDATED';
  }
  const pending = state.importedUsers.get(r.id);
  if (!pending) {
    state.importedUsers.set(r.id, { externalId: r.id, userName, profile });
    return 'NEW';
  }
  if (JSON.stringify(pending.profile) === JSON.stringify(profile) && pending.userName === userName) return 'UNCHANGED';
  pending.profile = profile;
  pending.userName = userName;
  return 'UPDATED';
}

/** Every resource of `endpoint`, read in Okta's pages. */
async function readAll(scim: OktaScimClient, endpoint: string, requests: string[], absentIsEmpty = false): Promise<Resource[]> {
  const out: Resource[] = [];
  const ids = new Set<string>();
  let startIndex = 1;
  for (let page = 0; page < MAX_PAGES; page++) {
    const path = `${endpoint}?startIndex=${startIndex}&count=${IMPORT_PAGE_SIZE}`;
    requests.push(`GET ${path}`);
    const res = await scim.send('GET', path);
    const url = joinScimUrl(scim.baseUrl, path);
    if (absentIsEmpty && page === 0 && res.kind === 'response' && res.status === 404) return out;
    if (res.kind === 'transport' || res.status !== 200) throw new ImportFailure(describeScimFailure('GET', url, res));
    const body = res.json;
    const list = isRecord(body) ? body['Resources'] ?? body['resources'] : undefined;
    const total = isRecord(body) ? body['totalResults'] : undefined;
    if (!Array.isArray(list) && total !== 0) throw new ImportFailure(`GET ${url} returned 200 but not a ListResponse`);
    if (typeof total !== 'number' || !Number.isInteger(total)) throw new ImportFailure(`GET ${url} returned a ListResponse without an integer totalResults`);
    const resources = (Array.isArray(list) ? list : []).filter((r): r is Resource => isRecord(r) && typeof r['id'] === 'string' && r['id'] !== '');
    const repeated = resources.filter((r) => ids.has(r.id)).map((r) => r.id);
    if (repeated.length > 0) {
      throw new ImportFailure(`GET ${url} returned ${repeated.length} resource(s) already read on an earlier page (${repeated.slice(0, 3).join(', ')}): the paging is not stable, so the import would miss others`);
    }
    for (const r of resources) {
      ids.add(r.id);
      out.push(r);
    }
    if (out.length >= total) return out;
    if (resources.length === 0) {
      throw new ImportFailure(`GET ${url} returned no resources, but totalResults is ${total} and only ${out.length} were read`);
    }
    startIndex += resources.length;
  }
  throw new ImportFailure(`${endpoint} answered more than ${MAX_PAGES} pages; the import stopped`);
}
