/**
 * Interop mode of the reference server: the SCIM interoperability profile draft
 * (draft-zollner-scim-interop-profile-01, summarised in shared/research/peers.md §2.14) on top of
 * RFC 7643/7644. What it adds to an RFC-correct server:
 * - a body naming an attribute or a schema URI the server does not define is refused with
 *   400 invalidSyntax (the RFC lets a server ignore them; the profile does not);
 * - every PATCH operation needs a `path`; a path-less one is 400 invalidSyntax (RFC7644-3.5.2
 *   allows it, and Okta and Entra send it — hence a mode, not the default);
 * - /ServiceProviderConfig says `interopProfileConformant: true` (discovery.ts).
 * The `interop-…` defects break one rule each (defects.ts).
 */
import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { isJsonArray, isJsonObject, readKey, type JsonObject, type JsonValue } from '../scim/json-value.js';
import { compileScimFilter } from '../scim/filter.js';
import { COMMON_ATTRIBUTES, findAttribute, type AttributeDefinition, type ResourceSchemaSet } from '../scim/schemas.js';
import type { ServerContext } from './server-context.js';

/** Throws 400 invalidSyntax when a POST/PUT body names an undefined attribute or schema URI (interop mode only). */
export function assertInteropResource(context: ServerContext, body: unknown, schemas: ResourceSchemaSet): void {
  if (!context.interop || context.defects.has('interop-undefined-attributes-accepted') || !isJsonObject(body)) return;
  const problem = undefinedInResource(body, schemas);
  if (problem !== undefined) {
    throw new ScimErrorResponse(scimError(400, `${problem} (the SCIM interoperability profile refuses what the schema does not define)`, 'invalidSyntax'));
  }
}

/** Throws 400 invalidSyntax for a PATCH operation without `path` (interop mode only). */
export function assertInteropPatch(context: ServerContext, body: unknown): void {
  if (!context.interop || context.defects.has('interop-pathless-patch-accepted') || !isJsonObject(body)) return;
  const operations = readKey(body, 'Operations');
  if (!isJsonArray(operations)) return;
  const pathless = operations.findIndex((op) => isJsonObject(op) && readKey(op, 'path') === undefined);
  if (pathless >= 0) {
    throw new ScimErrorResponse(scimError(400, `Operations[${pathless}] has no "path"; the SCIM interoperability profile requires one on every operation`, 'invalidSyntax'));
  }
}

/** The first undefined schema URI or attribute name in a resource body, described; or undefined. */
export function undefinedInResource(body: JsonObject, schemas: ResourceSchemaSet): string | undefined {
  const known = [schemas.core, ...schemas.extensions];
  const declared = readKey(body, 'schemas');
  if (isJsonArray(declared)) {
    const unknown = declared.find((urn) => typeof urn !== 'string' || !known.some((s) => s.id.toLowerCase() === urn.toLowerCase()));
    if (unknown !== undefined) return `schema URI ${JSON.stringify(unknown)} is not defined by this server`;
  }
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') continue;
    const extension = schemas.extensions.find((s) => s.id.toLowerCase() === lower);
    if (extension !== undefined) {
      if (!isJsonObject(value)) continue;
      for (const [name, inner] of Object.entries(value)) {
        const problem = undefinedIn(extension.attributes, name, inner, `${extension.id}:${name}`);
        if (problem !== undefined) return problem;
      }
      continue;
    }
    const qualified = known.find((s) => lower.startsWith(`${s.id.toLowerCase()}:`));
    const name = qualified === undefined ? key : key.slice(qualified.id.length + 1);
    const attributes = qualified === undefined || qualified === schemas.core ? [...schemas.core.attributes, ...COMMON_ATTRIBUTES] : qualified.attributes;
    const problem = undefinedIn(attributes, name, value, key);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function undefinedIn(attributes: readonly AttributeDefinition[], name: string, value: JsonValue, path: string): string | undefined {
  const definition = findAttribute(attributes, name);
  if (definition === undefined) return `attribute ${JSON.stringify(path)} is not defined by this server`;
  if (definition.type !== 'complex' || definition.mutability === 'readOnly') return undefined;
  const items = isJsonArray(value) ? value : [value];
  for (const item of items) {
    if (!isJsonObject(item)) continue;
    for (const [sub, inner] of Object.entries(item)) {
      const problem = undefinedIn(definition.subAttributes ?? [], sub, inner, `${path}.${sub}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/**
 * Defect `interop-undefined-filter-attribute-ignored`: true when `filter` is invalid only because
 * it names an undefined attribute (it compiles when unknown attributes are allowed), so the server
 * answers an empty list instead of 400 invalidFilter.
 */
export function ignoresUndefinedFilterAttribute(context: ServerContext, filter: string, schemas: ResourceSchemaSet): boolean {
  return context.interop && context.defects.has('interop-undefined-filter-attribute-ignored') && compileScimFilter(filter, schemas).kind === 'compiled';
}

/** userNames of deleted users, per server (defect `interop-delete-keeps-username`). */
const RESERVED = new WeakMap<ServerContext, Set<string>>();

/** Defect `interop-delete-keeps-username`: a deleted user's userName stays reserved (a tombstone). */
export function rememberDeletedUserName(context: ServerContext, kind: string, attributes: JsonObject): void {
  if (kind !== 'User' || !context.interop || !context.defects.has('interop-delete-keeps-username')) return;
  const userName = attributes['userName'];
  if (typeof userName !== 'string') return;
  let reserved = RESERVED.get(context);
  if (reserved === undefined) {
    reserved = new Set();
    RESERVED.set(context, reserved);
  }
  reserved.add(userName.toLowerCase());
}

/** Throws 409 uniqueness for a userName a deleted user held (defect `interop-delete-keeps-username`). */
export function assertUserNameNotReserved(context: ServerContext, userName: string): void {
  if (RESERVED.get(context)?.has(userName.toLowerCase()) === true) {
    throw new ScimErrorResponse(scimError(409, `userName ${JSON.stringify(userName)} belonged to a deleted user and cannot be reused`, 'uniqueness'));
  }
}
