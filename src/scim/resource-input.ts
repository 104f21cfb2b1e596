import { scimError, type ScimError } from './errors.js';
import { findKey, isJsonArray, isJsonObject, readKey, type JsonObject, type JsonValue } from './json-value.js';
import { COMMON_ATTRIBUTES, findAttribute, type AttributeDefinition, type ResourceSchemaSet } from './schemas.js';

/** A client-supplied resource brought to canonical form, or why it is not acceptable. */
export type ResourceInput =
  | { readonly kind: 'valid'; readonly attributes: JsonObject }
  | { readonly kind: 'invalid'; readonly error: ScimError };

/** One attribute value brought to canonical form (undefined = unassigned), or why it is invalid. */
export type AttributeInput =
  | { readonly kind: 'valid'; readonly value: JsonValue | undefined }
  | { readonly kind: 'invalid'; readonly error: ScimError };

/**
 * Validates and canonicalises a resource representation a client sent (POST, PUT, or a
 * PATCH result), RFC7643-2 / RFC7644-3.3 / RFC7644-3.5.1:
 * - the body must be an object whose `schemas` lists the core schema (RFC7643-3);
 * - attribute names take the schema's spelling (RFC7643-2.1), extension attributes move
 *   into their extension object (a top-level `urn:…:User:employeeNumber` key included);
 * - readOnly attributes (`id`, `meta`, `groups`, `manager.displayName`) are ignored
 *   (RFC7644-3.5.1: "Any values provided SHALL be ignored"), as are unknown attributes;
 * - null, empty arrays and empty objects mean unassigned and are dropped (RFC7643-2.5);
 * - values are checked against their type; booleans sent as "True"/"False" strings (Entra)
 *   become booleans; a bare string for a complex attribute with a `value` sub-attribute
 *   (Entra's `"manager": "id"`) becomes `{ value }`; a single value for a multi-valued
 *   attribute becomes a one-element array;
 * - required attributes must be present (RFC7643-2.2), at most one `primary: true` per
 *   multi-valued attribute (RFC7643-2.4).
 * The result holds attributes only: no `schemas`, `id` or `meta` (the server assigns those).
 */
export function normalizeResourceInput(input: unknown, schemas: ResourceSchemaSet): ResourceInput {
  if (!isJsonObject(input)) return invalidSyntax('The request body must be a JSON object');
  const body: JsonObject = input;
  const declared = readKey(body, 'schemas');
  const coreUrn = schemas.core.id.toLowerCase();
  if (!isJsonArray(declared) || !declared.some((urn) => typeof urn === 'string' && urn.toLowerCase() === coreUrn)) {
    return invalidSyntax(`"schemas" must be an array containing ${schemas.core.id} (RFC7643-3)`);
  }

  const result: Record<string, JsonValue> = {};
  const extensions = new Map<string, Record<string, JsonValue>>();
  const extensionFor = (id: string): Record<string, JsonValue> => {
    const existing = extensions.get(id);
    if (existing !== undefined) return existing;
    const created: Record<string, JsonValue> = {};
    extensions.set(id, created);
    return created;
  };

  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') continue;
    const extension = schemas.extensions.find((schema) => schema.id.toLowerCase() === lower);
    if (extension !== undefined) {
      if (value === null) continue;
      if (!isJsonObject(value)) return invalidValue(`${extension.id} must be an object`);
      for (const [name, inner] of Object.entries(value)) {
        const outcome = assign(extensionFor(extension.id), extension.attributes, name, inner, `${extension.id}:${name}`);
        if (outcome !== undefined) return { kind: 'invalid', error: outcome };
      }
      continue;
    }
    const qualified = schemas.extensions.find((schema) => lower.startsWith(`${schema.id.toLowerCase()}:`));
    if (qualified !== undefined) {
      const name = key.slice(qualified.id.length + 1);
      const outcome = assign(extensionFor(qualified.id), qualified.attributes, name, value, key);
      if (outcome !== undefined) return { kind: 'invalid', error: outcome };
      continue;
    }
    const corePrefix = `${coreUrn}:`;
    const name = lower.startsWith(corePrefix) ? key.slice(corePrefix.length) : key;
    const outcome = assign(result, [...schemas.core.attributes, ...COMMON_ATTRIBUTES], name, value, name);
    if (outcome !== undefined) return { kind: 'invalid', error: outcome };
  }
  for (const [id, attributes] of extensions) {
    if (Object.keys(attributes).length > 0) result[id] = attributes;
  }

  for (const definition of schemas.core.attributes) {
    if (definition.required && !isAssigned(result[definition.name])) {
      return invalidValue(`Attribute ${JSON.stringify(definition.name)} is required (RFC7643-2.2)`);
    }
  }
  return { kind: 'valid', attributes: result };
}

/**
 * Validates and canonicalises one value for `definition` (see {@link normalizeResourceInput}).
 * `path` names the attribute in error details.
 */
export function normalizeAttributeValue(definition: AttributeDefinition, value: JsonValue, path: string): AttributeInput {
  if (value === null) return { kind: 'valid', value: undefined };
  if (definition.multiValued) {
    const items = isJsonArray(value) ? value : [value];
    const normalized: JsonValue[] = [];
    for (const item of items) {
      const outcome = normalizeSingle(definition, item, path);
      if (outcome.kind === 'invalid') return outcome;
      if (outcome.value !== undefined) normalized.push(outcome.value);
    }
    const primaries = normalized.filter((item) => isJsonObject(item) && item['primary'] === true).length;
    if (primaries > 1) {
      return { kind: 'invalid', error: scimError(400, `At most one value of ${path} may be primary (RFC7643-2.4)`, 'invalidValue') };
    }
    return { kind: 'valid', value: normalized.length === 0 ? undefined : normalized };
  }
  if (isJsonArray(value)) {
    return { kind: 'invalid', error: scimError(400, `${path} is single-valued; an array was sent`, 'invalidValue') };
  }
  return normalizeSingle(definition, value, path);
}

function normalizeSingle(definition: AttributeDefinition, value: JsonValue, path: string): AttributeInput {
  const bad = (expected: string): AttributeInput => ({
    kind: 'invalid',
    error: scimError(400, `${path} must be ${expected}; got ${JSON.stringify(value)}`, 'invalidValue'),
  });
  if (value === null) return { kind: 'valid', value: undefined };
  switch (definition.type) {
    case 'complex': {
      const valueAttribute = findAttribute(definition.subAttributes, 'value');
      if (typeof value === 'string' && valueAttribute !== undefined) {
        return { kind: 'valid', value: { [valueAttribute.name]: value } };
      }
      if (!isJsonObject(value)) return bad('an object');
      const result: Record<string, JsonValue> = {};
      for (const [name, inner] of Object.entries(value)) {
        const error = assign(result, definition.subAttributes ?? [], name, inner, `${path}.${name}`);
        if (error !== undefined) return { kind: 'invalid', error };
      }
      return { kind: 'valid', value: Object.keys(result).length === 0 ? undefined : result };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { kind: 'valid', value };
      // Entra sends "True"/"False" strings (peers.md §3).
      if (typeof value === 'string' && ['true', 'false'].includes(value.trim().toLowerCase())) {
        return { kind: 'valid', value: value.trim().toLowerCase() === 'true' };
      }
      return bad('a boolean');
    }
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? { kind: 'valid', value } : bad('an integer');
    case 'decimal':
      return typeof value === 'number' ? { kind: 'valid', value } : bad('a number');
    case 'dateTime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? { kind: 'valid', value } : bad('an xsd:dateTime string');
    default:
      return typeof value === 'string' ? { kind: 'valid', value } : bad('a string');
  }
}

/**
 * Normalises `value` for the attribute `name` of `attributes` into `target` under its
 * canonical name. Unknown and readOnly attributes are skipped. Returns an error, if any.
 */
function assign(
  target: Record<string, JsonValue>,
  attributes: readonly AttributeDefinition[],
  name: string,
  value: JsonValue,
  path: string,
): ScimError | undefined {
  const definition = findAttribute(attributes, name);
  if (definition === undefined || definition.mutability === 'readOnly') return undefined;
  const outcome = normalizeAttributeValue(definition, value, path);
  if (outcome.kind === 'invalid') return outcome.error;
  const previous = findKey(target, definition.name);
  if (previous !== undefined) delete target[previous];
  if (outcome.value !== undefined) target[definition.name] = outcome.value;
  return undefined;
}

function isAssigned(value: JsonValue | undefined): boolean {
  return value !== undefined && value !== null && value !== '';
}

function invalidSyntax(detail: string): ResourceInput {
  return { kind: 'invalid', error: scimError(400, detail, 'invalidSyntax') };
}

function invalidValue(detail: string): ResourceInput {
  return { kind: 'invalid', error: scimError(400, detail, 'invalidValue') };
}
