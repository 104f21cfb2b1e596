/**
 * The defect profiles the `entra-gallery` suite is proven against (defects.ts): a server
 * without Groups (`no-groups`, RFC-correct but refused by Microsoft's gallery onboarding), a
 * per-request cap on PATCHed members (`patch-member-cap`), null updates that change nothing
 * (`ignores-null-update`) and list requests served one at a time (`list-requests-serialized`,
 * below Entra's 25 requests per second).
 */
import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { findKey, isJsonArray, isJsonObject, readKey, type JsonObject, type JsonValue } from '../scim/json-value.js';
import { GROUP_SCHEMA_URN } from '../scim/urns.js';
import { buildListResponse } from './list-response.js';
import type { ServerContext } from './server-context.js';

/** Members one PATCH operation may carry under `patch-member-cap`. */
export const MEMBER_CAP = 10;
/** Time each list request takes under `list-requests-serialized` (one at a time: ≤ 22/s). */
export const SERIALIZED_LIST_MS = 45;

/** True when the server offers Groups (not under `no-groups`). */
export function groupsOffered(context: ServerContext): boolean {
  return !context.defects.has('no-groups');
}

/** A discovery ListResponse without the Group schema / resource type under `no-groups`. */
export function withoutGroups(context: ServerContext, list: JsonObject): JsonObject {
  if (groupsOffered(context)) return list;
  const resources = readKey(list, 'Resources');
  if (!isJsonArray(resources)) return list;
  const kept = resources.filter((r): r is JsonObject => isJsonObject(r)
    && !['group', GROUP_SCHEMA_URN.toLowerCase()].includes(String(readKey(r, 'id')).toLowerCase()));
  return buildListResponse(kept, kept.length, 1, context.defects);
}

/** Under `no-groups`, a 404 for the Group schema or resource type by id. */
export function assertNotGroupDiscovery(context: ServerContext, id: string): void {
  if (!groupsOffered(context) && ['group', GROUP_SCHEMA_URN.toLowerCase()].includes(id.toLowerCase())) {
    throw new ScimErrorResponse(scimError(404, `${JSON.stringify(id)} not found`));
  }
}

/**
 * The PATCH body as a server with `patch-member-cap` or `ignores-null-update` sees it: too many
 * members → 400; operations whose value is null (and null keys of path-less values) dropped.
 */
export function patchBodyByDefect(context: ServerContext, body: unknown): unknown {
  const operations = isJsonObject(body) ? readKey(body, 'Operations') : undefined;
  if (!isJsonObject(body) || !isJsonArray(operations)) return body;
  if (context.defects.has('patch-member-cap')) {
    for (const operation of operations.filter(isJsonObject)) {
      const path = readKey(operation, 'path');
      const value = readKey(operation, 'value');
      const members = typeof path === 'string' && path.trim().toLowerCase().startsWith('members')
        ? value
        : isJsonObject(value) ? readKey(value, 'members') : undefined;
      if (isJsonArray(members) && members.length > MEMBER_CAP) {
        throw new ScimErrorResponse(scimError(400, `At most ${MEMBER_CAP} members per operation`, 'invalidValue'));
      }
    }
  }
  if (!context.defects.has('ignores-null-update')) return body;
  const kept = operations.filter((o) => !(isJsonObject(o) && readKey(o, 'value') === null)).map((o) => {
    const value = isJsonObject(o) ? readKey(o, 'value') : undefined;
    return isJsonObject(o) && isJsonObject(value) ? { ...o, value: withoutNulls(value) } : o;
  });
  const key = findKey(body, 'Operations') ?? 'Operations';
  // Nothing left: answered like any PATCH (a path-less add of nothing changes nothing).
  return { ...body, [key]: kept.length > 0 ? kept : [{ op: 'add', value: {} }] };
}

function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null));
}

/** A PUT body under `ignores-null-update`: attributes sent as null keep their stored value. */
export function putBodyByDefect(context: ServerContext, body: unknown, stored: JsonObject): unknown {
  if (!context.defects.has('ignores-null-update') || !isJsonObject(body)) return body;
  return keepStored(body, stored);
}

function keepStored(body: JsonObject, stored: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(body)) {
    const old = readKey(stored, key);
    if (value === null) {
      if (old !== undefined) out[key] = old;
    } else if (isJsonObject(value) && isJsonObject(old)) {
      out[key] = keepStored(value, old);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The queue of list requests of each server under `list-requests-serialized`. */
const lanes = new WeakMap<ServerContext, Promise<void>>();

/**
 * Under `list-requests-serialized`: resolves when this list request's turn has come and its
 * 45 ms have passed (one list request at a time per server); undefined when it need not wait.
 */
export function serializedListTurn(context: ServerContext, method: string, segments: readonly string[]): Promise<void> | undefined {
  if (!context.defects.has('list-requests-serialized')) return undefined;
  if (method !== 'GET' || segments.length !== 1 || !['users', 'groups'].includes((segments[0] ?? '').toLowerCase())) return undefined;
  const turn = (lanes.get(context) ?? Promise.resolve()).then(() => new Promise<void>((resolve) => setTimeout(resolve, SERIALIZED_LIST_MS)));
  lanes.set(context, turn);
  return turn;
}
