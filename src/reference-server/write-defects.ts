import { randomUUID } from 'node:crypto';
import type { ScimError } from '../scim/errors.js';
import { isJsonArray, isJsonObject, readKey, type JsonObject, type JsonValue } from '../scim/json-value.js';
import { ENTERPRISE_USER_SCHEMA } from '../scim/schemas.js';
import type { DefectName } from './defects.js';

/**
 * The write defects behind `rfc7644/writes`. The PATCH ones — each a way real servers get RFC7644-3.5.2 wrong
 * (peers.md §3 "PATCH", #36–#46) — applied to the request before src/scim/patch.ts sees it:
 * - `patch-sub-attribute-replaces-parent`: `name.givenName` replaces the whole `name`;
 * - `patch-value-filter-ignored`: `emails[type eq "work"].value` applies to every element
 *   (and `remove emails[…]` removes them all);
 * - `patch-add-replaces-multi-valued`: `add` to a multi-valued attribute replaces it;
 * - `patch-extension-path-ignored`: URN-qualified paths are skipped (200, nothing changes).
 */
export function patchBodyByWriteDefects(defects: ReadonlySet<DefectName>, body: unknown): unknown {
  if (!isJsonObject(body)) return body;
  const operations = readKey(body, 'Operations');
  if (!isJsonArray(operations)) return body;
  const bent = operations.flatMap((operation): JsonValue[] => (isJsonObject(operation) ? bendOperation(defects, operation) : [operation]));
  return { ...body, Operations: bent };
}

const MULTI_VALUED = new Set(['emails', 'phonenumbers', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509certificates', 'members']);

function bendOperation(defects: ReadonlySet<DefectName>, operation: JsonObject): JsonValue[] {
  const op = String(readKey(operation, 'op') ?? '').toLowerCase();
  const path = readKey(operation, 'path');
  if (typeof path !== 'string') return [operation];
  // Skipped: a path-less replace with nothing in it changes nothing (and keeps Operations non-empty).
  if (defects.has('patch-extension-path-ignored') && path.toLowerCase().startsWith('urn:')) return [{ op: 'replace', value: {} }];
  if (defects.has('patch-value-filter-ignored') && path.includes('[')) {
    return [{ ...operation, path: path.replace(/\[[^\]]*\]/, '') }];
  }
  const sub = /^(\w+)\.(\w+)$/.exec(path);
  if (defects.has('patch-sub-attribute-replaces-parent') && sub !== null && (op === 'replace' || op === 'add') && sub[1] !== undefined && sub[2] !== undefined) {
    const value = readKey(operation, 'value') ?? null;
    return [{ op: 'remove', path: sub[1] }, { op: 'add', path: sub[1], value: { [sub[2]]: value } }];
  }
  if (defects.has('patch-add-replaces-multi-valued') && op === 'add' && MULTI_VALUED.has(path.toLowerCase())) {
    return [{ ...operation, op: 'replace' }];
  }
  return [operation];
}

/**
 * PATCH errors a defective server swallows, answering 200 with the resource unchanged:
 * `no-target-ignored` (noTarget, RFC7644-3.5.2.2/3.5.2.3), `readonly-patch-ignored`
 * (mutability, RFC7644-3.5.2), `patchop-not-validated` (a malformed PatchOp: wrong schema,
 * empty Operations, unknown op, missing value — invalidSyntax/invalidValue).
 */
export function toleratedByWriteDefects(defects: ReadonlySet<DefectName>, error: ScimError): boolean {
  return (defects.has('no-target-ignored') && error.scimType === 'noTarget')
    || (defects.has('readonly-patch-ignored') && error.scimType === 'mutability')
    || (defects.has('patchop-not-validated') && (error.scimType === 'invalidSyntax' || error.scimType === 'invalidValue'));
}

/** The If-Match header of a PUT, PATCH or DELETE as a server with `if-match-ignored` sees it: not at all (RFC7644-3.14). */
export function ifMatchByWriteDefects(defects: ReadonlySet<DefectName>, header: string | undefined): string | undefined {
  return defects.has('if-match-ignored') ? undefined : header;
}

/**
 * The POST body as a server with `required-attribute-not-enforced` sees it: a User without
 * userName gets a generated one instead of a 400 (RFC7643-4.1.1: userName is REQUIRED).
 */
export function bodyByCreateDefects(defects: ReadonlySet<DefectName>, kind: 'User' | 'Group', body: unknown): unknown {
  if (kind !== 'User' || !defects.has('required-attribute-not-enforced') || !isJsonObject(body)) return body;
  return readKey(body, 'userName') === undefined ? { ...body, userName: `generated-${randomUUID()}` } : body;
}

/**
 * The id a server with `client-id-honoured` stores a new resource under: the `id` of the POST
 * body, when it is a non-empty string no resource of that kind has yet (RFC7643-3.1: the id "is
 * always issued by the service provider and MUST NOT be specified by the client"). Undefined —
 * the server's own id — otherwise, and always without the defect.
 */
export function idByCreateDefects(defects: ReadonlySet<DefectName>, body: unknown, taken: (id: string) => boolean): string | undefined {
  if (!defects.has('client-id-honoured') || !isJsonObject(body)) return undefined;
  const id = readKey(body, 'id');
  return typeof id === 'string' && id.trim() !== '' && !taken(id) ? id : undefined;
}

/**
 * Create defects on the normalised attributes of a new User: `create-active-false-ignored`
 * (every new user is active), `multi-valued-sub-attributes-dropped` (emails keep only their
 * value, losing type and primary, RFC7643-2.4), `extension-dropped-on-create` (the Enterprise
 * extension object is not stored, RFC7643-3.3).
 */
export function attributesByCreateDefects(defects: ReadonlySet<DefectName>, attributes: JsonObject): JsonObject {
  let out = attributes;
  if (defects.has('create-active-false-ignored')) out = { ...out, active: true };
  const emails = out['emails'];
  if (defects.has('multi-valued-sub-attributes-dropped') && isJsonArray(emails)) {
    out = { ...out, emails: emails.map((email) => (isJsonObject(email) && email['value'] !== undefined ? { value: email['value'] } : email)) };
  }
  if (defects.has('extension-dropped-on-create')) {
    out = Object.fromEntries(Object.entries(out).filter(([key]) => key.toLowerCase() !== ENTERPRISE_USER_SCHEMA.id.toLowerCase()));
  }
  return out;
}
