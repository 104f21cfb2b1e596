import { resolveAttributePath } from './attribute-path.js';
import { isJsonArray, isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { COMMON_ATTRIBUTES, findAttribute, type AttributeDefinition, type ResourceSchemaSet } from './schemas.js';

/** The `attributes` / `excludedAttributes` request parameters, RFC7644-3.9 (already split). */
export interface ProjectionRequest {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

/**
 * Splits a comma-separated `attributes` / `excludedAttributes` value (RFC7644-3.9) into
 * trimmed, non-empty paths; undefined when the parameter is absent or empty.
 */
export function parseAttributeList(value: string | null | undefined): readonly string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const paths = value.split(',').map((path) => path.trim()).filter((path) => path !== '');
  return paths.length === 0 ? undefined : paths;
}

/**
 * The representation of `resource` a service provider returns, RFC7643-7 `returned` and
 * RFC7644-3.9:
 * - `never` attributes (password) are never returned; `always` ones (id, schemas) always are;
 * - with `attributes`, only the listed attributes (and sub-attributes) plus `always` ones;
 * - with `excludedAttributes`, everything returned by default except the listed ones;
 * - otherwise `default` attributes; `request` ones only when listed in `attributes`.
 * `attributes` wins when both are given (RFC7644-3.9 says they are exclusive).
 */
export function projectResource(resource: JsonObject, schemas: ResourceSchemaSet, request: ProjectionRequest = {}): JsonObject {
  const selection = request.attributes === undefined ? undefined : selectors(request.attributes, schemas);
  const exclusion = request.excludedAttributes === undefined || selection !== undefined
    ? undefined
    : selectors(request.excludedAttributes, schemas);
  const projector = new Projector(selection, exclusion);

  const result: Record<string, JsonValue> = {};
  const coreAttributes = [...schemas.core.attributes, ...COMMON_ATTRIBUTES];
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase() === 'schemas') {
      result[key] = value; // RFC7643-3: "schemas" is returned always.
      continue;
    }
    const extension = schemas.extensions.find((schema) => schema.id.toLowerCase() === key.toLowerCase());
    if (extension !== undefined && isJsonObject(value)) {
      const inner = projector.extension(extension.id, extension.attributes, value);
      if (inner !== undefined) result[key] = inner;
      continue;
    }
    const projected = projector.attribute('', findAttribute(coreAttributes, key), key, value);
    if (projected !== undefined) result[key] = projected;
  }
  return result;
}

/** Requested paths as lower-cased keys: `container|name` and `container|name.sub`. */
interface Selectors {
  readonly whole: ReadonlySet<string>;
  readonly subs: ReadonlySet<string>;
  readonly extensions: ReadonlySet<string>;
}

function selectors(paths: readonly string[], schemas: ResourceSchemaSet): Selectors {
  const whole = new Set<string>();
  const subs = new Set<string>();
  const extensions = new Set<string>();
  for (const path of paths) {
    const resolved = resolveAttributePath(path, schemas);
    if (resolved === undefined) continue;
    if (resolved.kind === 'extension') {
      extensions.add(resolved.schema.id.toLowerCase());
      continue;
    }
    const key = attributeKey(resolved.extensionUrn ?? '', resolved.name);
    if (resolved.subAttribute === undefined) whole.add(key);
    else subs.add(`${key}.${resolved.subAttribute.name.toLowerCase()}`);
  }
  return { whole, subs, extensions };
}

function attributeKey(container: string, name: string): string {
  return `${container.toLowerCase()}|${name.toLowerCase()}`;
}

/** Applies the selection (attributes) or exclusion (excludedAttributes) to attributes. */
class Projector {
  constructor(
    private readonly selection: Selectors | undefined,
    private readonly exclusion: Selectors | undefined,
  ) {}

  extension(id: string, attributes: readonly AttributeDefinition[], value: JsonObject): JsonObject | undefined {
    const lower = id.toLowerCase();
    if (this.exclusion?.extensions.has(lower) === true) return undefined;
    const wholeRequested = this.selection?.extensions.has(lower) === true;
    const result: Record<string, JsonValue> = {};
    for (const [key, inner] of Object.entries(value)) {
      const definition = findAttribute(attributes, key);
      const projected = wholeRequested
        ? this.attribute(id, definition, key, inner, true)
        : this.attribute(id, definition, key, inner);
      if (projected !== undefined) result[key] = projected;
    }
    return Object.keys(result).length === 0 ? undefined : result;
  }

  attribute(
    container: string,
    definition: AttributeDefinition | undefined,
    name: string,
    value: JsonValue,
    forceWhole = false,
  ): JsonValue | undefined {
    const returned = definition?.returned ?? 'default';
    if (returned === 'never') return undefined;
    const key = attributeKey(container, definition?.name ?? name);
    if (returned === 'always') return this.subAttributes(definition, value, undefined);

    if (this.selection !== undefined) {
      if (forceWhole || this.selection.whole.has(key)) return this.subAttributes(definition, value, undefined);
      const wanted = [...this.selection.subs].filter((sub) => sub.startsWith(`${key}.`));
      if (wanted.length === 0) return undefined;
      return this.subAttributes(definition, value, new Set(wanted.map((sub) => sub.slice(key.length + 1))));
    }
    if (returned === 'request') return undefined;
    if (this.exclusion !== undefined) {
      if (this.exclusion.whole.has(key)) return undefined;
      const dropped = [...this.exclusion.subs].filter((sub) => sub.startsWith(`${key}.`)).map((sub) => sub.slice(key.length + 1));
      if (dropped.length > 0) return this.subAttributes(definition, value, undefined, new Set(dropped));
    }
    return this.subAttributes(definition, value, undefined);
  }

  /**
   * Keeps the sub-attributes of a complex value (each element, if multi-valued) that are
   * `keep` (when given) and not `drop`, never dropping `always` ones nor returning `never` ones.
   */
  private subAttributes(
    definition: AttributeDefinition | undefined,
    value: JsonValue,
    keep: ReadonlySet<string> | undefined,
    drop?: ReadonlySet<string>,
  ): JsonValue | undefined {
    if (definition?.type !== 'complex') return value;
    const filterObject = (object: JsonObject): JsonObject | undefined => {
      const entries = Object.entries(object).filter(([subName]) => {
        const sub = findAttribute(definition.subAttributes, subName);
        const lower = (sub?.name ?? subName).toLowerCase();
        if (sub?.returned === 'never') return false;
        if (sub?.returned === 'always') return true;
        if (keep !== undefined && !keep.has(lower)) return false;
        return !(drop?.has(lower) ?? false);
      });
      return entries.length === 0 ? undefined : Object.fromEntries(entries);
    };
    if (isJsonArray(value)) {
      const items = value.map((item) => (isJsonObject(item) ? filterObject(item) : item)).filter((item) => item !== undefined);
      return items.length === 0 ? undefined : items;
    }
    return isJsonObject(value) ? filterObject(value) : value;
  }
}
