/**
 * Schema-driven payloads (issue 9 item 2): the bodies our suites POST and PUT are completed from
 * the target's own /Schemas, so a server that requires attributes beyond what a suite sends
 * (a required custom extension, a required core attribute) can be tested at all:
 * - the user template (`--user-template FILE`: values only the vendor knows) fills what the
 *   body lacks;
 * - then every attribute the target marks `required` that is still missing gets a generated
 *   value of its type (its first canonical value when it lists some), in the core schema and in
 *   every extension the resource type requires or the body already uses; an extension that
 *   gains an attribute is added to `schemas` (RFC7643-3).
 * `fillAll` fills every writable attribute instead (the step that exercises extension and custom
 * attributes). Values the body has are never changed; readOnly attributes are never generated.
 */
import type { JsonObject, JsonValue } from './json-value.js';
import { isJsonArray, isJsonObject } from './json-value.js';
import type { AttributeDefinition, SchemaDefinition } from './schemas.js';
import { findAttribute } from './schemas.js';

/** How a body is completed. */
export interface PayloadOptions {
  /** Values the vendor supplies (a User template); attribute names and extension URNs as keys. */
  readonly template?: JsonObject;
  /** Fill every writable attribute, not only the required ones. */
  readonly fillAll?: boolean;
  /** Extensions the resource type marks required (RFC7643-6 schemaExtensions[].required). */
  readonly requiredExtensions?: readonly string[];
  /** A unique token for generated strings (so uniqueness "server" attributes do not clash). */
  readonly token: string;
}

/** What was added, for the report: attribute paths. */
export interface CompletedPayload {
  readonly body: JsonObject;
  readonly added: readonly string[];
}

const keyOf = (object: JsonObject, name: string): string | undefined => Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());

/**
 * Plausible values for well-known attribute names, so a server that validates formats (an email
 * address, a BCP 47 tag, an Olson zone, a URL) accepts them; `{token}` makes them unique.
 */
const NAMED_VALUES: Readonly<Record<string, string>> = {
  'emails.value': 'scim-conformance-{token}@example.com',
  'phonenumbers.value': '+1-555-0100',
  'photos.value': 'https://example.com/scim-conformance/{token}.png',
  'ims.value': 'scim-conformance-{token}',
  profileurl: 'https://example.com/scim-conformance/{token}',
  locale: 'en-US',
  preferredlanguage: 'en-US',
  timezone: 'America/Los_Angeles',
  'addresses.country': 'US',
  'addresses.postalcode': '94105',
};

/** A value of `definition`'s type (RFC7643-2.3), complex ones with their required (or all) sub-attributes. */
export function generatedValue(definition: AttributeDefinition, token: string, fillAll: boolean, parent = ''): JsonValue | undefined {
  const named = NAMED_VALUES[(parent === '' ? definition.name : `${parent}.${definition.name}`).toLowerCase()];
  const single = ((): JsonValue | undefined => {
    if (named !== undefined && (definition.type === 'string' || definition.type === 'reference')) return named.replace('{token}', token);
    // A reference to a SCIM resource (referenceTypes User, Group…) cannot be made up: it is sent
    // only when the schema requires it (then as an external URL, the best we can do).
    if (definition.type === 'reference' && !definition.required && definition.referenceTypes !== undefined
      && !definition.referenceTypes.some((t) => t === 'external' || t === 'uri')) return undefined;
    // Declared canonical values are what the server accepts; an empty list accepts none (SCIMMY
    // declares roles.type so and refuses any value), so nothing is sent for it.
    if (definition.canonicalValues !== undefined && definition.type === 'string') return definition.canonicalValues[0];
    switch (definition.type) {
      case 'string': return `scim-conformance-${definition.name}-${token}`;
      case 'boolean': return true;
      case 'integer': return 1;
      case 'decimal': return 1.5;
      case 'dateTime': return '2026-01-01T00:00:00Z';
      case 'binary': return 'c2NpbS1jb25mb3JtYW5jZQ==';
      case 'reference': return `https://example.com/scim-conformance/${token}`;
      case 'complex': {
        const out: Record<string, JsonValue> = {};
        for (const sub of definition.subAttributes ?? []) {
          if (!writable(sub) || !(fillAll || sub.required)) continue;
          const v = generatedValue(sub, token, fillAll, definition.name);
          if (v !== undefined) out[sub.name] = v;
        }
        return Object.keys(out).length > 0 ? out : undefined;
      }
      default: return undefined;
    }
  })();
  if (single === undefined) return undefined;
  return definition.multiValued ? [single] : single;
}

function writable(definition: AttributeDefinition): boolean {
  return definition.mutability !== 'readOnly' && definition.name !== 'id' && definition.name !== 'meta';
}

/**
 * Generated only when the schema requires it: writeOnly / returned "never" values (a password)
 * cannot be read back, and a generated password would be a test secret in the report.
 */
function generatedOnlyWhenRequired(definition: AttributeDefinition): boolean {
  return definition.mutability === 'writeOnly' || definition.returned === 'never';
}

/** Fills `target` (one schema's attribute object) from the template part and generated values. */
function fillObject(
  target: Record<string, JsonValue>, attributes: readonly AttributeDefinition[], template: JsonObject | undefined,
  options: PayloadOptions, where: string, added: string[],
): void {
  if (template !== undefined) {
    for (const [name, value] of Object.entries(template)) {
      if (name.toLowerCase() === 'schemas' || name.includes(':')) continue;
      if (keyOf(target, name) !== undefined) continue;
      const definition = findAttribute(attributes, name);
      target[definition?.name ?? name] = value;
      added.push(`${where}${definition?.name ?? name} (template)`);
    }
  }
  for (const definition of attributes) {
    if (!writable(definition) || !((options.fillAll === true && !generatedOnlyWhenRequired(definition)) || definition.required)) continue;
    if (keyOf(target, definition.name) !== undefined) continue;
    const value = generatedValue(definition, options.token, options.fillAll === true);
    if (value === undefined) continue;
    target[definition.name] = value;
    added.push(`${where}${definition.name}`);
  }
}

/**
 * `body` completed for a resource whose core schema is `core` and whose extensions are
 * `extensions` (the target's definitions). The input is not changed.
 */
export function completePayload(body: JsonObject, core: SchemaDefinition, extensions: readonly SchemaDefinition[], options: PayloadOptions): CompletedPayload {
  const out: Record<string, JsonValue> = { ...body };
  const added: string[] = [];
  fillObject(out, core.attributes, options.template, options, '', added);
  const schemasKey = keyOf(out, 'schemas') ?? 'schemas';
  const listed = isJsonArray(out[schemasKey]) ? [...(out[schemasKey] as JsonValue[])] : [core.id];
  for (const extension of extensions) {
    const key = keyOf(out, extension.id);
    const templateKey = options.template === undefined ? undefined : keyOf(options.template, extension.id);
    const templatePart = templateKey === undefined ? undefined : options.template?.[templateKey];
    const inUse = key !== undefined || templatePart !== undefined || options.fillAll === true
      || (options.requiredExtensions ?? []).some((u) => u.toLowerCase() === extension.id.toLowerCase())
      || extension.attributes.some((a) => a.required);
    if (!inUse) continue;
    const existing = key === undefined ? undefined : out[key];
    const target: Record<string, JsonValue> = isJsonObject(existing) ? { ...existing } : {};
    const before = added.length;
    fillObject(target, extension.attributes, isJsonObject(templatePart) ? templatePart : undefined, options, `${extension.id}:`, added);
    if (added.length === before && key === undefined) continue;
    out[key ?? extension.id] = target;
    if (!listed.some((u) => typeof u === 'string' && u.toLowerCase() === extension.id.toLowerCase())) listed.push(extension.id);
  }
  out[schemasKey] = listed;
  return { body: out, added };
}
