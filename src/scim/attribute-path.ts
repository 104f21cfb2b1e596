import { isJsonArray, isJsonObject, readKey, type JsonObject, type JsonValue } from './json-value.js';
import {
  COMMON_ATTRIBUTES,
  findAttribute,
  type AttributeDefinition,
  type ResourceSchemaSet,
  type SchemaDefinition,
} from './schemas.js';

/**
 * An attribute path resolved against a resource's schemas (RFC7644-3.10):
 * `userName`, `name.givenName`, `emails.value`, `meta.lastModified`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 */
export interface AttributeReference {
  readonly kind: 'attribute';
  /**
   * URN of the extension whose object holds the attribute (`resource[urn][name]`), or
   * undefined when the attribute sits at the top level (core schema or common attribute).
   */
  readonly extensionUrn: string | undefined;
  /** Attribute name: the schema's spelling when known, else as written. */
  readonly name: string;
  /** The attribute's definition, or undefined for an attribute no schema defines. */
  readonly definition: AttributeDefinition | undefined;
  /** The sub-attribute after the dot, if any. */
  readonly subAttribute?: {
    readonly name: string;
    readonly definition: AttributeDefinition | undefined;
  };
}

/** A path that names a whole schema extension, e.g. the Enterprise User URN. */
export interface ExtensionReference {
  readonly kind: 'extension';
  readonly schema: SchemaDefinition;
}

/** What an attribute path can designate. */
export type ResolvedPath = AttributeReference | ExtensionReference;

/**
 * Resolves `path` (without any value filter) against `schemas`, or undefined when it is
 * syntactically invalid (empty, more than one sub-attribute level, URN without attribute).
 *
 * - Attribute names are case-insensitive (RFC7643-2.1) and come back in the schema's spelling.
 * - A URN prefix selects the schema (RFC7644-3.10); an unprefixed name is looked up in the
 *   core schema and the common attributes (RFC7643-3.1), then — leniently, as many clients
 *   omit the prefix — in the extensions.
 * - An unknown URN prefix or an unknown name resolves with `definition: undefined`, so that
 *   callers can still read whatever the resource holds under that name.
 */
export function resolveAttributePath(path: string, schemas: ResourceSchemaSet): ResolvedPath | undefined {
  const trimmed = path.trim();
  if (trimmed === '') return undefined;
  const lower = trimmed.toLowerCase();
  const extension = schemas.extensions.find((schema) => schema.id.toLowerCase() === lower);
  if (extension !== undefined) return { kind: 'extension', schema: extension };

  const qualified = [schemas.core, ...schemas.extensions].find((schema) =>
    lower.startsWith(`${schema.id.toLowerCase()}:`),
  );
  if (qualified !== undefined) {
    const rest = trimmed.slice(qualified.id.length + 1);
    const isCore = qualified === schemas.core;
    return reference(rest, isCore ? undefined : qualified.id, isCore ? coreAttributes(schemas) : qualified.attributes);
  }
  if (lower.startsWith('urn:')) {
    // RFC7644-3.10: "urn:…:attr"; an unknown schema URN ends at the last colon.
    const colon = trimmed.lastIndexOf(':');
    if (colon === trimmed.length - 1) return undefined;
    return reference(trimmed.slice(colon + 1), trimmed.slice(0, colon), []);
  }
  const head = trimmed.split('.')[0] ?? '';
  if (findAttribute(coreAttributes(schemas), head) === undefined) {
    const owner = schemas.extensions.find((schema) => findAttribute(schema.attributes, head) !== undefined);
    if (owner !== undefined) return reference(trimmed, owner.id, owner.attributes);
  }
  return reference(trimmed, undefined, coreAttributes(schemas));
}

/** The core schema's attributes followed by the common attributes (RFC7643-3.1). */
function coreAttributes(schemas: ResourceSchemaSet): readonly AttributeDefinition[] {
  return [...schemas.core.attributes, ...COMMON_ATTRIBUTES];
}

function reference(
  dotted: string,
  extensionUrn: string | undefined,
  attributes: readonly AttributeDefinition[],
): AttributeReference | undefined {
  const parts = dotted.split('.');
  const [name, sub] = parts;
  if (parts.length > 2 || name === undefined || name === '' || sub === '') return undefined;
  const definition = findAttribute(attributes, name);
  const canonical = definition?.name ?? name;
  if (sub === undefined) return { kind: 'attribute', extensionUrn, name: canonical, definition };
  const subDefinition = findAttribute(definition?.subAttributes, sub);
  return {
    kind: 'attribute',
    extensionUrn,
    name: canonical,
    definition,
    subAttribute: { name: subDefinition?.name ?? sub, definition: subDefinition },
  };
}

/** The object that holds the attribute: the resource, or its extension object (RFC7643-3.3). */
export function attributeContainer(resource: JsonObject, ref: AttributeReference): JsonObject | undefined {
  if (ref.extensionUrn === undefined) return resource;
  const container = readKey(resource, ref.extensionUrn);
  return isJsonObject(container) ? container : undefined;
}

/**
 * Every value at `ref` in `resource`, flattened: the elements of a multi-valued attribute,
 * or the sub-attribute of each element (`emails.value` gives every email address). Null
 * values and absent attributes give nothing (RFC7643-2.5: null equals unassigned).
 */
export function readAttributeValues(resource: JsonObject, ref: AttributeReference): readonly JsonValue[] {
  const container = attributeContainer(resource, ref);
  if (container === undefined) return [];
  const top = flatten(readKey(container, ref.name));
  if (ref.subAttribute === undefined) return top;
  const subName = ref.subAttribute.name;
  return top.flatMap((item) => (isJsonObject(item) ? flatten(readKey(item, subName)) : []));
}

function flatten(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined || value === null) return [];
  if (isJsonArray(value)) return value.filter((item) => item !== null);
  return [value];
}
