import { resolveAttributePath, type AttributeReference } from './attribute-path.js';
import { scimError, type ScimError } from './errors.js';
import { compileValueFilter, equalityConstraints } from './filter.js';
import { findKey, isJsonArray, isJsonObject, jsonEqual, readKey, type JsonObject, type JsonValue } from './json-value.js';
import { normalizeAttributeValue } from './resource-input.js';
import { findAttribute, type AttributeDefinition, type ResourceSchemaSet, type SchemaDefinition } from './schemas.js';
import { PATCH_OP_URN } from './urns.js';

/** The three PATCH operations, RFC7644-3.5.2. */
export type PatchOperationName = 'add' | 'remove' | 'replace';

/** One validated PATCH operation. `op` is lower-cased (Entra sends "Replace"). */
export interface PatchOperation {
  readonly op: PatchOperationName;
  readonly path?: string;
  readonly value?: JsonValue;
}

/** The outcome of {@link applyPatch}. */
export type PatchResult =
  | {
      readonly kind: 'patched';
      /** The new resource; the input is never modified. */
      readonly resource: JsonObject;
      /** False when the operations left the resource as it was (RFC7644-3.5.2: no-op). */
      readonly changed: boolean;
    }
  | { readonly kind: 'failed'; readonly error: ScimError };

/** The outcome of {@link parsePatchRequest}. */
export type PatchRequestParse =
  | { readonly kind: 'parsed'; readonly operations: readonly PatchOperation[] }
  | { readonly kind: 'failed'; readonly error: ScimError };

/**
 * Validates a PATCH request body (RFC7644-3.5.2): `schemas` must list the PatchOp URN,
 * `Operations` must be a non-empty array, each `op` one of add/remove/replace in any case
 * (Entra sends "Replace", "Add"), `path` a string when present, `remove` must have a path
 * (RFC7644-3.5.2.2 → noTarget), and add/replace must have a value (→ invalidValue).
 */
export function parsePatchRequest(body: unknown): PatchRequestParse {
  const fail = (detail: string, scimType: 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue'): PatchRequestParse => ({
    kind: 'failed',
    error: scimError(400, detail, scimType),
  });
  if (!isJsonObject(body)) return fail('The PATCH body must be a JSON object', 'invalidSyntax');
  const schemas = readKey(body, 'schemas');
  if (!isJsonArray(schemas) || !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === PATCH_OP_URN.toLowerCase())) {
    return fail(`"schemas" must contain ${PATCH_OP_URN} (RFC7644-3.5.2)`, 'invalidSyntax');
  }
  const list = readKey(body, 'Operations');
  if (!isJsonArray(list) || list.length === 0) return fail('"Operations" must be a non-empty array (RFC7644-3.5.2)', 'invalidSyntax');

  const operations: PatchOperation[] = [];
  for (const [index, entry] of list.entries()) {
    if (!isJsonObject(entry)) return fail(`Operations[${index}] must be an object`, 'invalidSyntax');
    const opValue = readKey(entry, 'op');
    const op = typeof opValue === 'string' ? opValue.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'remove' && op !== 'replace') {
      return fail(`Operations[${index}].op must be "add", "remove" or "replace"; got ${JSON.stringify(opValue ?? null)}`, 'invalidSyntax');
    }
    const path = readKey(entry, 'path');
    if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) {
      return fail(`Operations[${index}].path must be a non-empty string`, 'invalidPath');
    }
    const value = readKey(entry, 'value');
    const hasPath = typeof path === 'string';
    if (op === 'remove' && !hasPath) {
      // RFC7644-3.5.2.2: remove without "path" fails with noTarget.
      return fail(`Operations[${index}]: "remove" requires a "path" (RFC7644-3.5.2.2)`, 'noTarget');
    }
    if (op !== 'remove' && value === undefined) {
      return fail(`Operations[${index}]: "${op}" requires a "value" (RFC7644-3.5.2)`, 'invalidValue');
    }
    operations.push({
      op,
      ...(hasPath ? { path } : {}),
      ...(value === undefined ? {} : { value }),
    });
  }
  return { kind: 'parsed', operations };
}

/**
 * Applies a PATCH request body to `resource` (RFC7644-3.5.2), atomically: either every
 * operation applies or the first failure is returned and nothing changes.
 *
 * Supported shapes (okta-wire.md §1.14, peers.md §3): add/replace/remove with a path
 * (`active`, `name.givenName`, `urn:…:enterprise:2.0:User:manager`), with a value path
 * (`members[value eq "x"]`, `emails[type eq "work"].value`), and without a path (the value
 * object's keys — plain, dotted or URN-qualified — are applied one by one; Okta's
 * `{"op":"replace","value":{"active":false}}`). Booleans sent as strings are converted.
 * A non-RFC Entra remove of `members` with a `value` array removes those members.
 *
 * Errors (RFC7644-3.5.2, Table 9): `invalidSyntax` (malformed body), `invalidPath` (bad or
 * unknown path), `noTarget` (value filter matched nothing on replace/remove, or remove
 * without path), `mutability` (readOnly target such as `id`/`meta`; immutable value changed;
 * required attribute removed), `invalidValue` (wrong type or missing value).
 * Path-less values may carry readOnly keys: they are ignored, except an `id` that differs
 * from the resource's (Okta's group rename sends `{"id": …, "displayName": …}`).
 */
export function applyPatch(resource: JsonObject, body: unknown, schemas: ResourceSchemaSet): PatchResult {
  const parsed = parsePatchRequest(body);
  if (parsed.kind === 'failed') return parsed;
  return applyPatchOperations(resource, parsed.operations, schemas);
}

/** Applies already-validated operations; see {@link applyPatch}. */
export function applyPatchOperations(
  resource: JsonObject,
  operations: readonly PatchOperation[],
  schemas: ResourceSchemaSet,
): PatchResult {
  const work = cloneObject(resource);
  for (const operation of operations) {
    const error = operation.path === undefined
      ? applyPathless(work, operation, schemas)
      : applyAtPath(work, operation.op, operation.path, operation.value, schemas, false);
    if (error !== undefined) return { kind: 'failed', error };
  }
  return { kind: 'patched', resource: work, changed: !jsonEqual(resource, work) };
}

/** A mutable JSON object used while operations apply to a private copy. */
type WorkObject = Record<string, JsonValue>;

/** A path resolved for PATCH: an attribute (optionally filtered) or a whole extension. */
type PatchTarget =
  | {
      readonly kind: 'attribute';
      readonly reference: AttributeReference;
      readonly definition: AttributeDefinition;
      readonly filter?: { readonly text: string; readonly matches: (element: JsonObject) => boolean };
      readonly subAttribute?: AttributeDefinition;
    }
  | { readonly kind: 'extension'; readonly schema: SchemaDefinition };

/** RFC7644-3.5.2.1/3.5.2.3 without "path": each key of the value object is a target. */
function applyPathless(work: WorkObject, operation: PatchOperation, schemas: ResourceSchemaSet): ScimError | undefined {
  const value = operation.value;
  if (!isJsonObject(value)) {
    return scimError(400, `"${operation.op}" without "path" needs an object value (RFC7644-3.5.2.1)`, 'invalidValue');
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const error = applyAtPath(work, operation.op, key, inner, schemas, true);
    if (error !== undefined) return error;
  }
  return undefined;
}

function applyAtPath(
  work: WorkObject,
  op: PatchOperationName,
  path: string,
  value: JsonValue | undefined,
  schemas: ResourceSchemaSet,
  pathless: boolean,
): ScimError | undefined {
  const target = resolveTarget(path, schemas);
  if ('error' in target) {
    // Keys of a path-less value that no schema defines are ignored, like unknown
    // attributes in a POST body; an explicit unknown path is an error.
    return pathless && target.unknown ? undefined : target.error;
  }
  if (target.kind === 'extension') return applyToExtension(work, op, target.schema, value, schemas);

  const readOnly = target.definition.mutability === 'readOnly' || target.subAttribute?.mutability === 'readOnly';
  if (readOnly) {
    if (!pathless) return mutability(`${path} is readOnly (RFC7643-7)`);
    // Path-less values copied from a GET carry id/meta: ignore them unless id changes.
    const current = readKey(work, target.definition.name);
    if (target.definition.name === 'id' && current !== undefined && !jsonEqual(current, value ?? null)) {
      return mutability('id is readOnly and cannot change (RFC7643-3.1)');
    }
    return undefined;
  }
  switch (op) {
    case 'add':
      return value === null || value === undefined ? undefined : add(work, target, value, path);
    case 'replace':
      return value === null || value === undefined ? remove(work, target, undefined, path, true) : replace(work, target, value, path);
    case 'remove':
      return remove(work, target, value, path, false);
  }
}

/** add/replace/remove with a path that is an extension URN: applies to the whole extension. */
function applyToExtension(
  work: WorkObject,
  op: PatchOperationName,
  schema: SchemaDefinition,
  value: JsonValue | undefined,
  schemas: ResourceSchemaSet,
): ScimError | undefined {
  if (op === 'remove' || value === null) {
    deleteKey(work, schema.id);
    return undefined;
  }
  if (!isJsonObject(value)) return scimError(400, `${schema.id} needs an object value`, 'invalidValue');
  for (const [key, inner] of Object.entries(value)) {
    const error = applyAtPath(work, op, `${schema.id}:${key}`, inner, schemas, true);
    if (error !== undefined) return error;
  }
  return undefined;
}

/** Resolves a PATCH path (RFC7644-3.5.2 "PATH" ABNF: attrPath / valuePath [subAttr]). */
function resolveTarget(
  path: string,
  schemas: ResourceSchemaSet,
): PatchTarget | { readonly error: ScimError; readonly unknown: boolean } {
  const bad = (detail: string, unknown = false) => ({ error: scimError(400, detail, 'invalidPath'), unknown });
  const open = path.indexOf('[');
  if (open === -1) {
    const resolved = resolveAttributePath(path, schemas);
    if (resolved === undefined) return bad(`Invalid path ${JSON.stringify(path)}`);
    if (resolved.kind === 'extension') return resolved;
    if (resolved.definition === undefined) return bad(`Unknown attribute in path ${JSON.stringify(path)}`, true);
    if (resolved.subAttribute !== undefined && resolved.subAttribute.definition === undefined) {
      return bad(`Unknown sub-attribute in path ${JSON.stringify(path)}`, true);
    }
    return {
      kind: 'attribute',
      reference: resolved,
      definition: resolved.definition,
      ...(resolved.subAttribute?.definition === undefined ? {} : { subAttribute: resolved.subAttribute.definition }),
    };
  }
  const close = path.lastIndexOf(']');
  if (close < open) return bad(`Unbalanced brackets in path ${JSON.stringify(path)}`);
  const attributePath = path.slice(0, open);
  const filterText = path.slice(open + 1, close);
  const rest = path.slice(close + 1);
  if (rest !== '' && !/^\.[A-Za-z$][\w$-]*$/.test(rest)) return bad(`Invalid text after "]" in path ${JSON.stringify(path)}`);
  const resolved = resolveAttributePath(attributePath, schemas);
  if (resolved === undefined || resolved.kind !== 'attribute' || resolved.subAttribute !== undefined) {
    return bad(`Invalid attribute before "[" in path ${JSON.stringify(path)}`);
  }
  const definition = resolved.definition;
  if (definition === undefined) return bad(`Unknown attribute in path ${JSON.stringify(path)}`, true);
  if (!definition.multiValued || definition.type !== 'complex') {
    return bad(`A value filter needs a multi-valued complex attribute; ${definition.name} is not one`);
  }
  const compiled = compileValueFilter(filterText, definition);
  if (compiled.kind === 'invalid') return bad(`Invalid value filter in path ${JSON.stringify(path)}: ${compiled.error.detail}`);
  let subAttribute: AttributeDefinition | undefined;
  if (rest !== '') {
    subAttribute = findAttribute(definition.subAttributes, rest.slice(1));
    if (subAttribute === undefined) return bad(`Unknown sub-attribute in path ${JSON.stringify(path)}`, true);
  }
  return {
    kind: 'attribute',
    reference: resolved,
    definition,
    filter: { text: filterText, matches: compiled.matches },
    ...(subAttribute === undefined ? {} : { subAttribute }),
  };
}

/** RFC7644-3.5.2.1 add. */
function add(work: WorkObject, target: Extract<PatchTarget, { kind: 'attribute' }>, value: JsonValue, path: string): ScimError | undefined {
  const { definition, subAttribute, filter } = target;
  const container = containerOf(work, target.reference, true);
  if (container === undefined) return scimError(400, `Cannot add ${path}`, 'invalidPath');

  if (filter !== undefined) {
    const elements = elementsOf(container, definition);
    const matched = elements.filter((element) => filter.matches(element));
    if (matched.length === 0) {
      // No element matches: create the one the filter describes (Entra adds
      // `emails[type eq "work"].value` for users without a work email; peers.md §4 #37).
      const constraints = equalityConstraints(filter.text);
      if (constraints === undefined) return noTarget(path);
      const seed: JsonObject = Object.fromEntries(
        Object.entries(constraints).map(([name, inner]) => [findAttribute(definition.subAttributes, name)?.name ?? name, inner]),
      );
      const created = subAttribute === undefined ? mergeObject(seed, value) : { ...seed, [subAttribute.name]: value };
      const normalized = normalizeAttributeValue(definition, [created], path);
      if (normalized.kind === 'invalid') return normalized.error;
      setAttribute(container, definition, [...elements, ...asArray(normalized.value)]);
      return undefined;
    }
    return updateElements(container, definition, elements, matched, subAttribute, value, path, false);
  }

  if (subAttribute !== undefined) return setSubAttribute(container, definition, subAttribute, value, path, false);

  const normalized = normalizeAttributeValue(definition, value, path);
  if (normalized.kind === 'invalid') return normalized.error;
  if (normalized.value === undefined) return undefined;
  const existing = readKey(container, definition.name);
  if (definition.multiValued) {
    // RFC7644-3.5.2.1: values are added to a multi-valued attribute; one already there is not duplicated.
    const current = asArray(existing);
    const additions = asArray(normalized.value).filter((item) => !current.some((present) => sameElement(present, item)));
    setAttribute(container, definition, preferLastPrimary([...current, ...additions], additions));
    return undefined;
  }
  if (definition.type === 'complex') {
    setAttribute(container, definition, mergeObject(isJsonObject(existing) ? existing : {}, normalized.value));
    return undefined;
  }
  if (definition.mutability === 'immutable' && existing !== undefined && !jsonEqual(existing, normalized.value)) {
    return mutability(`${path} is immutable and already has a value (RFC7643-7)`);
  }
  setAttribute(container, definition, normalized.value);
  return undefined;
}

/** RFC7644-3.5.2.3 replace. */
function replace(work: WorkObject, target: Extract<PatchTarget, { kind: 'attribute' }>, value: JsonValue, path: string): ScimError | undefined {
  const { definition, subAttribute, filter } = target;
  const container = containerOf(work, target.reference, true);
  if (container === undefined) return scimError(400, `Cannot replace ${path}`, 'invalidPath');

  if (filter !== undefined) {
    const elements = elementsOf(container, definition);
    const matched = elements.filter((element) => filter.matches(element));
    // RFC7644-3.5.2.3: a value filter that matches nothing is noTarget.
    if (matched.length === 0) return noTarget(path);
    return updateElements(container, definition, elements, matched, subAttribute, value, path, true);
  }
  if (subAttribute !== undefined) return setSubAttribute(container, definition, subAttribute, value, path, true);

  const normalized = normalizeAttributeValue(definition, value, path);
  if (normalized.kind === 'invalid') return normalized.error;
  const existing = readKey(container, definition.name);
  if (normalized.value === undefined) {
    deleteKey(container, definition.name);
    return undefined;
  }
  if (!definition.multiValued && definition.type === 'complex') {
    // RFC7644-3.5.2.3: sub-attributes not in the value are left unchanged.
    setAttribute(container, definition, mergeObject(isJsonObject(existing) ? existing : {}, normalized.value));
    return undefined;
  }
  if (definition.mutability === 'immutable' && existing !== undefined && !jsonEqual(existing, normalized.value)) {
    return mutability(`${path} is immutable (RFC7643-7)`);
  }
  // RFC7644-3.5.2.3: a multi-valued attribute without filter is replaced with all its values.
  setAttribute(container, definition, normalized.value);
  return undefined;
}

/** RFC7644-3.5.2.2 remove (also replace with a null value, RFC7643-2.5). */
function remove(
  work: WorkObject,
  target: Extract<PatchTarget, { kind: 'attribute' }>,
  value: JsonValue | undefined,
  path: string,
  viaReplace: boolean,
): ScimError | undefined {
  const { definition, subAttribute, filter } = target;
  const container = containerOf(work, target.reference, false);

  if (filter !== undefined) {
    const elements = container === undefined ? [] : elementsOf(container, definition);
    const matched = elements.filter((element) => filter.matches(element));
    if (matched.length === 0 || container === undefined) return noTarget(path);
    if (subAttribute !== undefined) {
      if (subAttribute.mutability === 'immutable' || subAttribute.required) return mutability(`${path} cannot be removed (RFC7643-7)`);
      const updated = elements.map((element) => (matched.includes(element) ? withoutKey(element, subAttribute.name) : element));
      setAttribute(container, definition, updated);
      return undefined;
    }
    setAttribute(container, definition, elements.filter((element) => !matched.includes(element)));
    return undefined;
  }
  if (container === undefined) return undefined;

  if (subAttribute !== undefined) {
    if (subAttribute.required || subAttribute.mutability === 'immutable') return mutability(`${path} cannot be removed (RFC7643-7)`);
    const existing = readKey(container, definition.name);
    if (definition.multiValued) {
      setAttribute(container, definition, elementsOf(container, definition).map((element) => withoutKey(element, subAttribute.name)));
    } else if (isJsonObject(existing)) {
      setAttribute(container, definition, withoutKey(existing, subAttribute.name));
    }
    return undefined;
  }
  if (definition.required) return mutability(`${path} is required and cannot be removed (RFC7643-2.2)`);

  if (!viaReplace && definition.multiValued && value !== undefined && value !== null) {
    // Entra's default dialect removes members with a value array instead of a filter.
    const normalized = normalizeAttributeValue(definition, value, path);
    if (normalized.kind === 'invalid') return normalized.error;
    const doomed = asArray(normalized.value);
    setAttribute(
      container,
      definition,
      asArray(readKey(container, definition.name)).filter((item) => !doomed.some((gone) => sameElement(item, gone))),
    );
    return undefined;
  }
  deleteKey(container, definition.name);
  return undefined;
}

/** Sets or merges `value` into each matched element (add/replace with a value filter). */
function updateElements(
  container: WorkObject,
  definition: AttributeDefinition,
  elements: readonly JsonObject[],
  matched: readonly JsonObject[],
  subAttribute: AttributeDefinition | undefined,
  value: JsonValue,
  path: string,
  replacing: boolean,
): ScimError | undefined {
  const updated: JsonValue[] = [];
  const touched: JsonValue[] = [];
  for (const element of elements) {
    if (!matched.includes(element)) {
      updated.push(element);
      continue;
    }
    let next: JsonValue;
    if (subAttribute !== undefined) {
      const current = readKey(element, subAttribute.name);
      const normalized = normalizeAttributeValue(subAttribute, value, path);
      if (normalized.kind === 'invalid') return normalized.error;
      if (subAttribute.mutability === 'immutable' && current !== undefined && !jsonEqual(current, normalized.value ?? null)) {
        return mutability(`${path} is immutable (RFC7643-7)`);
      }
      next = normalized.value === undefined ? withoutKey(element, subAttribute.name) : { ...withoutKey(element, subAttribute.name), [subAttribute.name]: normalized.value };
    } else {
      const normalized = normalizeAttributeValue(definition, [value], path);
      if (normalized.kind === 'invalid') return normalized.error;
      const replacement = asArray(normalized.value)[0] ?? {};
      // RFC7644-3.5.2.3: matching values are replaced; add merges into them.
      next = replacing ? replacement : mergeObject(element, replacement);
    }
    updated.push(next);
    touched.push(next);
  }
  setAttribute(container, definition, preferLastPrimary(updated, touched));
  return undefined;
}

/** `name.givenName` / `emails.type` without filter: set the sub-attribute. */
function setSubAttribute(
  container: WorkObject,
  definition: AttributeDefinition,
  subAttribute: AttributeDefinition,
  value: JsonValue,
  path: string,
  replacing: boolean,
): ScimError | undefined {
  const normalized = normalizeAttributeValue(subAttribute, value, path);
  if (normalized.kind === 'invalid') return normalized.error;
  if (definition.multiValued) {
    const elements = elementsOf(container, definition);
    if (elements.length === 0) {
      if (normalized.value !== undefined) setAttribute(container, definition, [{ [subAttribute.name]: normalized.value }]);
      return undefined;
    }
    return updateElements(container, definition, elements, elements, subAttribute, value, path, replacing);
  }
  const existing = readKey(container, definition.name);
  const base = isJsonObject(existing) ? existing : {};
  const current = readKey(base, subAttribute.name);
  if (subAttribute.mutability === 'immutable' && current !== undefined && !jsonEqual(current, normalized.value ?? null)) {
    return mutability(`${path} is immutable (RFC7643-7)`);
  }
  const next = normalized.value === undefined
    ? withoutKey(base, subAttribute.name)
    : { ...withoutKey(base, subAttribute.name), [subAttribute.name]: normalized.value };
  setAttribute(container, definition, next);
  return undefined;
}

/**
 * RFC7644-3.5.2: setting `primary: true` on a value sets `primary` to false on the others.
 * `preferred` are the values just written; the last of them marked primary wins.
 */
function preferLastPrimary(values: readonly JsonValue[], preferred: readonly JsonValue[]): readonly JsonValue[] {
  const winner = [...preferred].reverse().find((item) => isJsonObject(item) && item['primary'] === true);
  if (winner === undefined) return values;
  return values.map((item) => (item !== winner && isJsonObject(item) && item['primary'] === true ? { ...item, primary: false } : item));
}

/** Two values of a multi-valued attribute are the same when their `value`s (or whole values) are equal. */
function sameElement(a: JsonValue, b: JsonValue): boolean {
  if (isJsonObject(a) && isJsonObject(b)) {
    const left = readKey(a, 'value');
    const right = readKey(b, 'value');
    if (left !== undefined && right !== undefined) return jsonEqual(left, right);
  }
  return jsonEqual(a, b);
}

/** The object holding the attribute (the resource, or its extension object, created on demand). */
function containerOf(work: WorkObject, reference: AttributeReference, create: boolean): WorkObject | undefined {
  if (reference.extensionUrn === undefined) return work;
  const key = findKey(work, reference.extensionUrn);
  const existing = key === undefined ? undefined : work[key];
  if (isJsonObject(existing)) {
    const copy: WorkObject = { ...existing };
    if (key !== undefined) work[key] = copy;
    return copy;
  }
  if (!create) return undefined;
  const created: WorkObject = {};
  work[reference.extensionUrn] = created;
  return created;
}

function elementsOf(container: JsonObject, definition: AttributeDefinition): readonly JsonObject[] {
  return asArray(readKey(container, definition.name)).filter(isJsonObject);
}

/** Writes the attribute under its canonical name; an empty array or object unassigns it (RFC7643-2.5). */
function setAttribute(container: WorkObject, definition: AttributeDefinition, value: JsonValue): void {
  deleteKey(container, definition.name);
  const empty = (isJsonArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0);
  if (!empty) container[definition.name] = value;
}

function deleteKey(container: WorkObject, name: string): void {
  const key = findKey(container, name);
  if (key !== undefined) delete container[key];
}

function withoutKey(object: JsonObject, name: string): JsonObject {
  const key = findKey(object, name);
  if (key === undefined) return object;
  const { [key]: _removed, ...rest } = object;
  return rest;
}

function mergeObject(base: JsonObject, value: JsonValue): JsonObject {
  if (!isJsonObject(value)) return base;
  let merged: JsonObject = base;
  for (const [key, inner] of Object.entries(value)) merged = { ...withoutKey(merged, key), [key]: inner };
  return merged;
}

function asArray(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined || value === null) return [];
  return isJsonArray(value) ? value : [value];
}

function cloneObject(object: JsonObject): WorkObject {
  return { ...structuredClone(object) };
}

function noTarget(path: string): ScimError {
  return scimError(400, `The filter in ${JSON.stringify(path)} matched no value (RFC7644-3.5.2)`, 'noTarget');
}

function mutability(detail: string): ScimError {
  return scimError(400, detail, 'mutability');
}
