/**
 * Schema-driven validation of SCIM responses (issue 9 item 2): a response body is checked with
 * ajv against the RFC 7643 core schemas and, when known, the target's own /Schemas. Every
 * problem is a {@link SchemaFinding} naming the attribute path and the rule it breaks:
 * - resources: attribute types (RFC7643-2.3.x), multiValued (RFC7643-2.4), `returned: never`
 *   attributes absent (RFC7643-7, e.g. password), `id` and `schemas` present (RFC7643-3,
 *   RFC7643-3.1), the attributes the schema says are required present (RFC7643-7) when the
 *   response is the full default representation (no `attributes`/`excludedAttributes`);
 * - ListResponse (RFC7644-3.4.2): `schemas` and an integer `totalResults`, integer paging fields;
 * - Error (RFC7644-3.12): `schemas`, `status` as a string, `scimType` one of Table 9's keywords;
 * - schema definitions from /Schemas (RFC7643-7): every attribute and sub-attribute has a name,
 *   a type, multiValued, mutability and returned, and string/reference/binary ones caseExact and
 *   uniqueness (the RFC's own listing, RFC7643-8.7.1, omits those two for booleans and complex
 *   attributes), all with canonical values.
 * Unassigned values (null, empty arrays) are always allowed (RFC7643-2.5). Attribute names are
 * case-insensitive (RFC7643-2.1): bodies are brought to the schema's spelling before checking.
 * The validators are compiled once and reused: the RFC ones once per process, a target's once
 * per schema set (the caller keeps them for the run).
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import * as generatedValidators from '../generated/scim-schema-validators.js';
import { resolveStandalone, type ValidatorSpec } from '../report/json-schema-kit.js';
import type { AttributeDefinition, AttributeType, SchemaDefinition } from './schemas.js';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER_SCHEMA, findAttribute, GROUP_SCHEMA, OKTA_ROLE_SCHEMA, USER_SCHEMA } from './schemas.js';
import { ERROR_URN, LIST_RESPONSE_URN, SCHEMA_SCHEMA_URN } from './urns.js';

/** One problem a response has, with the attribute path and the rule. */
export interface SchemaFinding {
  /** Where in the body, JSON-path style: `Resources[0].emails[1].primary`, `(body)`. */
  readonly path: string;
  /** The rule broken, as a spec reference: `RFC7643-2.3.2`, `RFC7644-3.12`, `RFC7643-7`. */
  readonly rule: string;
  /** What the rule demands here, e.g. `a JSON boolean ("type": "boolean" in urn:…:User)`. */
  readonly expected: string;
  /** What the body holds (or `{ missing: true }`). */
  readonly actual: unknown;
  /** Whose schema said so: the RFC's core schema or the target's own /Schemas. */
  readonly source: 'rfc' | 'target';
}

/** What the validator needs to know of the exchange. */
export interface ResponseToValidate {
  readonly status: number;
  readonly json: unknown;
  /** True when the request asked for a projection (`attributes`/`excludedAttributes`): required attributes may be absent. */
  readonly projected: boolean;
}

/** The RFC 7643 resource schemas (and Okta's Role) the RFC pass checks against. */
export const RFC_RESOURCE_SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA, OKTA_ROLE_SCHEMA];

const TYPE_RULES: { readonly [type in AttributeType]: readonly [rule: string, expected: string] } = {
  string: ['RFC7643-2.3.1', 'a JSON string'],
  boolean: ['RFC7643-2.3.2', 'a JSON boolean (true or false, not a string)'],
  decimal: ['RFC7643-2.3.3', 'a JSON number'],
  integer: ['RFC7643-2.3.4', 'a JSON integer'],
  dateTime: ['RFC7643-2.3.5', 'an xsd:dateTime string, e.g. 2008-01-23T04:56:22Z'],
  binary: ['RFC7643-2.3.6', 'a base64 JSON string'],
  reference: ['RFC7643-2.3.7', 'a URI as a JSON string'],
  complex: ['RFC7643-2.3.8', 'a JSON object of sub-attributes'],
};

/** xsd:dateTime (XML Schema 3.3.7): time zone optional, fractional seconds allowed. */
const XSD_DATE_TIME = '^-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One ajv instance: `scimRule`/`scimExpected` are annotations our schemas carry for the findings. */
function newAjv(code: { optimize?: boolean } = {}): Ajv {
  // ajv's compiler is loaded only when something has to be compiled (a target's own schemas):
  // the RFC shapes are precompiled (see SCIM_SCHEMA_VALIDATORS).
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ allErrors: true, verbose: true, strict: false, code });
  ajv.addVocabulary(['scimRule', 'scimExpected', 'scimSingle']);
  return ajv;
}

type JsonSchema = Record<string, unknown>;

/** JSON Schema of one value of `definition` (not the multi-valued wrapper); null always allowed. */
function valueSchema(definition: AttributeDefinition, where: string, withRequired: boolean): JsonSchema {
  const [rule, expected] = TYPE_RULES[definition.type] ?? TYPE_RULES.string;
  const annotate = { scimRule: rule, scimExpected: `${expected} ("type": "${definition.type}" in ${where})` };
  switch (definition.type) {
    case 'boolean': return { type: ['boolean', 'null'], ...annotate };
    case 'integer': return { type: ['integer', 'null'], ...annotate };
    case 'decimal': return { type: ['number', 'null'], ...annotate };
    case 'dateTime': return { type: ['string', 'null'], pattern: XSD_DATE_TIME, ...annotate };
    case 'complex': return { type: ['object', 'null'], ...annotate, ...objectSchema(definition.subAttributes ?? [], where, withRequired) };
    default: return { type: ['string', 'null'], ...annotate };
  }
}

/** JSON Schema of an attribute: multi-valued ones are arrays of values (RFC7643-2.4). */
function attributeSchema(definition: AttributeDefinition, where: string, withRequired: boolean): JsonSchema {
  if (definition.returned === 'never') {
    // RFC7643-7: returned "never" — "The attribute is never returned" (password).
    return { not: {}, scimRule: 'RFC7643-7', scimExpected: `absent (returned "never" in ${where})` };
  }
  const value = valueSchema(definition, where, withRequired);
  if (!definition.multiValued) {
    // The multiValued rule first: an array where one value belongs is that, not a type error.
    // No value type admits an array, so the value's own type check refuses one, and findingsOf
    // reports that refusal under the multiValued rule this annotation carries. Not an `allOf`
    // with `not: { type: 'array' }`: ajv's `not` builds and drops an error object for every
    // attribute present, which made validating a valid User ~18× slower (issue 10 item 3).
    return { ...value, scimSingle: `a single value, not an array (multiValued false in ${where})` };
  }
  return {
    type: ['array', 'null'], items: value,
    scimRule: 'RFC7643-2.4', scimExpected: `a JSON array (multiValued true in ${where})`,
  };
}

/** `properties` and `required` for a set of attribute definitions. */
function objectSchema(attributes: readonly AttributeDefinition[], where: string, withRequired: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const a of attributes) setOwn(properties, a.name, attributeSchema(a, where, withRequired));
  const required = withRequired
    ? attributes.filter((a) => a.required && (a.returned === 'always' || a.returned === 'default') && a.mutability !== 'writeOnly').map((a) => a.name)
    : [];
  return { properties, ...(required.length ? { required } : {}) };
}

/** JSON Schema of a resource with this core schema and these extensions. */
export function resourceJsonSchema(core: SchemaDefinition, extensions: readonly SchemaDefinition[], withRequired: boolean): JsonSchema {
  const base = objectSchema([...core.attributes, ...COMMON_ATTRIBUTES.filter((c) => findAttribute(core.attributes, c.name) === undefined)], core.id, withRequired);
  const properties = base['properties'] as Record<string, JsonSchema>;
  properties['schemas'] = { type: 'array', items: { type: 'string' }, scimRule: 'RFC7643-3', scimExpected: 'an array of schema URIs' };
  for (const e of extensions) {
    setOwn(properties, e.id, { type: ['object', 'null'], scimRule: 'RFC7643-3', scimExpected: `an object of ${e.id} attributes`, ...objectSchema(e.attributes, e.id, withRequired) });
  }
  // RFC7643-3: "schemas" is REQUIRED; RFC7643-3.1: "id" is REQUIRED and returned "always".
  const required = ['schemas', 'id', ...((base['required'] as string[] | undefined) ?? [])];
  return { type: 'object', properties, required, scimRule: 'RFC7643-3', scimExpected: 'a SCIM resource object' };
}

/** RFC7644-3.4.2: the ListResponse envelope (its Resources are validated one by one). */
const LIST_RESPONSE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['schemas', 'totalResults'],
  properties: {
    schemas: { type: 'array', contains: { const: LIST_RESPONSE_URN }, scimRule: 'RFC7644-3.4.2', scimExpected: `an array holding "${LIST_RESPONSE_URN}"` },
    totalResults: { type: 'integer', minimum: 0, scimRule: 'RFC7644-3.4.2', scimExpected: 'a non-negative JSON integer' },
    itemsPerPage: { type: 'integer', minimum: 0, scimRule: 'RFC7644-3.4.2', scimExpected: 'a non-negative JSON integer' },
    startIndex: { type: 'integer', minimum: 1, scimRule: 'RFC7644-3.4.2', scimExpected: 'a JSON integer ≥ 1' },
    Resources: { type: 'array', scimRule: 'RFC7644-3.4.2', scimExpected: 'a JSON array of resources' },
  },
  scimRule: 'RFC7644-3.4.2', scimExpected: 'a ListResponse object',
};

const SCIM_TYPES = ['invalidFilter', 'tooMany', 'uniqueness', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive'];

/** RFC7644-3.12: the Error body. */
const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['schemas', 'status'],
  properties: {
    schemas: { type: 'array', contains: { const: ERROR_URN }, scimRule: 'RFC7644-3.12', scimExpected: `an array holding "${ERROR_URN}"` },
    status: { type: 'string', pattern: '^[1-5]\\d\\d$', scimRule: 'RFC7644-3.12', scimExpected: 'the HTTP status code as a JSON string, e.g. "404"' },
    scimType: { type: 'string', enum: SCIM_TYPES, scimRule: 'RFC7644-3.12', scimExpected: `one of ${SCIM_TYPES.join(', ')}` },
    detail: { type: 'string', scimRule: 'RFC7644-3.12', scimExpected: 'a JSON string' },
  },
  scimRule: 'RFC7644-3.12', scimExpected: 'a SCIM Error object',
};

/** RFC7643-7: one attribute definition (recursive through subAttributes). */
const ATTRIBUTE_DEFINITION_SCHEMA: JsonSchema = {
  $id: 'scim-attribute-definition',
  type: 'object',
  // RFC7643-7 with the RFC's own representation (RFC7643-8.7.1) as the measure: name, type,
  // multiValued, mutability and returned on every definition; caseExact and uniqueness where they
  // mean something — string, reference and binary values (8.7.1 leaves them out of boolean and
  // complex attributes, whose defaults apply, RFC7643-2.2).
  required: ['name', 'type', 'multiValued', 'mutability', 'returned'],
  if: { properties: { type: { enum: ['string', 'reference', 'binary'] } }, required: ['type'] },
  then: { required: ['caseExact', 'uniqueness'], scimRule: 'RFC7643-7' },
  properties: {
    name: { type: 'string', minLength: 1, scimRule: 'RFC7643-7', scimExpected: 'the attribute name (a non-empty string)' },
    type: { enum: ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'], scimRule: 'RFC7643-7', scimExpected: 'one of string, boolean, decimal, integer, dateTime, reference, complex, binary' },
    multiValued: { type: 'boolean', scimRule: 'RFC7643-7', scimExpected: 'a JSON boolean' },
    required: { type: 'boolean', scimRule: 'RFC7643-7', scimExpected: 'a JSON boolean' },
    caseExact: { type: 'boolean', scimRule: 'RFC7643-7', scimExpected: 'a JSON boolean' },
    mutability: { enum: ['readOnly', 'readWrite', 'immutable', 'writeOnly'], scimRule: 'RFC7643-7', scimExpected: 'one of readOnly, readWrite, immutable, writeOnly' },
    returned: { enum: ['always', 'never', 'default', 'request'], scimRule: 'RFC7643-7', scimExpected: 'one of always, never, default, request' },
    uniqueness: { enum: ['none', 'server', 'global'], scimRule: 'RFC7643-7', scimExpected: 'one of none, server, global' },
    subAttributes: { type: 'array', items: { $ref: 'scim-attribute-definition' }, scimRule: 'RFC7643-7', scimExpected: 'an array of attribute definitions' },
  },
  scimRule: 'RFC7643-7', scimExpected: 'an attribute definition with name, type, multiValued, caseExact, mutability, returned and uniqueness',
};

/** RFC7643-7: a schema resource from /Schemas. */
const SCHEMA_DEFINITION_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'attributes'],
  properties: {
    id: { type: 'string', minLength: 1, scimRule: 'RFC7643-7', scimExpected: 'the schema URI' },
    attributes: { type: 'array', items: ATTRIBUTE_DEFINITION_SCHEMA, scimRule: 'RFC7643-7', scimExpected: 'an array of attribute definitions' },
  },
  scimRule: 'RFC7643-7', scimExpected: 'a schema definition',
};

/** A compiled validator and what it is for. */
interface Compiled {
  readonly validate: ValidateFunction;
}

/** The key of a resource shape's validator: core URN, extension URNs, whether required attributes are checked. */
const shapeKey = (core: SchemaDefinition, extensions: readonly SchemaDefinition[], withRequired: boolean): string =>
  extensions.length === 0 ? coreKeys(core)[withRequired ? 0 : 1] : `${core.id}|${extensions.map((e) => e.id).join(',')}|${withRequired}`;

/** A core schema's shape keys without extensions, made once per definition (every resource asks). */
const coreKeyCache = new WeakMap<SchemaDefinition, readonly [string, string]>();

function coreKeys(core: SchemaDefinition): readonly [string, string] {
  let keys = coreKeyCache.get(core);
  if (keys === undefined) {
    keys = [`${core.id}||true`, `${core.id}||false`];
    coreKeyCache.set(core, keys);
  }
  return keys;
}

/** The resource shapes the RFC pass meets on every server (Users with or without the Enterprise extension, Groups, Okta's Roles). */
const PRECOMPILED_SHAPES: readonly (readonly [SchemaDefinition, readonly SchemaDefinition[]])[] = [
  [USER_SCHEMA, []], [USER_SCHEMA, [ENTERPRISE_USER_SCHEMA]], [GROUP_SCHEMA, []], [OKTA_ROLE_SCHEMA, []],
];

/** Validator key → export name in the generated module. */
const PRECOMPILED = new Map<string, string>([['error', 'error'], ['list', 'list'], ['schema', 'schemaDefinition']]);
const precompiledSchemas: Record<string, JsonSchema> = { error: ERROR_SCHEMA, list: LIST_RESPONSE_SCHEMA, schemaDefinition: SCHEMA_DEFINITION_SCHEMA };
for (const [i, [core, extensions]] of PRECOMPILED_SHAPES.entries()) {
  for (const withRequired of [true, false]) {
    const name = `resource${i}${withRequired ? 'Full' : 'Projected'}`;
    PRECOMPILED.set(shapeKey(core, extensions, withRequired), name);
    precompiledSchemas[name] = resourceJsonSchema(core, extensions, withRequired);
  }
}

/**
 * The RFC pass's validators, precompiled at build time into src/generated/scim-schema-validators.ts
 * (issue 10: no schema compiled on the run path; compiling them was a third of an okta-spec run).
 */
export const SCIM_SCHEMA_VALIDATORS: ValidatorSpec = {
  file: 'scim-schema-validators',
  options: { allErrors: true, verbose: true, strict: false },
  formats: [],
  keywords: ['scimRule', 'scimExpected', 'scimSingle'],
  schemas: precompiledSchemas,
};

/** A precompiled validator by export name, as the `Compiled` the passes use (errors are ajv's, verbose). */
const precompiled = (name: string): Compiled => ({ validate: resolveStandalone(SCIM_SCHEMA_VALIDATORS, generatedValidators, name) as unknown as ValidateFunction });

let rfcAjv: Ajv | undefined;
const rfcCache = new Map<string, Compiled>();

function compileRfc(key: string, schema: () => JsonSchema): Compiled {
  let compiled = rfcCache.get(key);
  if (compiled === undefined) {
    const name = PRECOMPILED.get(key);
    if (name !== undefined) {
      compiled = precompiled(name);
    } else {
      rfcAjv ??= newAjv();
      compiled = { validate: rfcAjv.compile(schema()) };
    }
    rfcCache.set(key, compiled);
  }
  return compiled;
}

/** Precompiled resource shapes by their schema's text: a target whose /Schemas say what the RFC says needs no compiling. */
let precompiledByText: Map<string, string> | undefined;

/**
 * Compiled validators of target-derived schemas, shared by every run of the process and keyed
 * by the generated schema's text: the same target (or any server with the same /Schemas) is
 * compiled once, not once per run (issue 10: compiling was 40 % of an okta-spec run). Bounded:
 * past {@link SHARED_LIMIT} shapes (a target inventing schemas) it starts afresh.
 */
const SHARED_LIMIT = 200;
let sharedAjv: Ajv | undefined;
const sharedCompiled = new Map<string, Compiled>();

function compileShared(schema: JsonSchema): Compiled {
  const text = JSON.stringify(schema);
  let compiled = sharedCompiled.get(text);
  precompiledByText ??= new Map(Object.entries(precompiledSchemas).filter(([name]) => name.startsWith('resource')).map(([name, s]) => [JSON.stringify(s), name]));
  const same = compiled === undefined ? precompiledByText.get(text) : undefined;
  if (same !== undefined) {
    compiled = precompiled(same);
    sharedCompiled.set(text, compiled);
  }
  if (compiled === undefined) {
    if (sharedAjv === undefined || sharedCompiled.size >= SHARED_LIMIT) {
      sharedCompiled.clear();
      // Code optimisation passes cost more at compile time than they save on our few validations.
      sharedAjv = newAjv({ optimize: false });
    }
    compiled = { validate: sharedAjv.compile(schema) };
    sharedCompiled.set(text, compiled);
  }
  return compiled;
}

/** At most this many schemas and resource types are learned from one /Schemas or /ResourceTypes answer. */
export const MAX_LEARNED = 1000;

/**
 * Validators compiled from a target's own schema definitions: one instance per target per run
 * (each resource shape is built on first use; its compiled code is shared, see compileShared).
 */
export class TargetSchemas {
  readonly #schemas = new Map<string, SchemaDefinition>();
  readonly #cache = new Map<string, Compiled>();

  /** Learns the schema definitions of a /Schemas answer (a ListResponse or one schema); returns how many. */
  learn(json: unknown): number {
    const candidates = isObject(json) && Array.isArray(json['Resources']) ? json['Resources'] : [json];
    let learned = 0;
    // By index, and only the first MAX_LEARNED entries: a /Schemas answer of 10^6 elements costs
    // a bounded loop (issue 14); no server defines anywhere near that many schemas.
    for (let i = 0; i < candidates.length && i < MAX_LEARNED; i += 1) {
      const schema = parseSchemaDefinition(candidates[i]);
      if (schema === undefined) continue;
      this.#schemas.set(schema.id.toLowerCase(), schema);
      const rfc = rfcEquivalent(schema);
      if (rfc === undefined) this.#sameAsRfc.delete(schema.id.toLowerCase());
      else this.#sameAsRfc.set(schema.id.toLowerCase(), rfc);
      learned += 1;
    }
    if (learned > 0) this.#cache.clear();
    return learned;
  }

  /**
   * True when every schema learned validates exactly as the RFC's (most servers copy the RFC's):
   * then every resource's target shape is its RFC shape, and the target pass would only repeat
   * the RFC pass.
   */
  get addsNothing(): boolean {
    return this.#sameAsRfc.size === this.#schemas.size;
  }

  /** URN → the RFC's definition, for the target's schemas that validate exactly as the RFC's do. */
  readonly #sameAsRfc = new Map<string, SchemaDefinition>();

  /**
   * The definition a resource is validated against: the target's, or the RFC's own object when
   * the target's says the same (descriptions aside), so the target pass can see it would only
   * repeat the RFC pass and compile nothing.
   */
  forValidation(urn: string): SchemaDefinition | undefined {
    const lower = urn.toLowerCase();
    return this.#sameAsRfc.get(lower) ?? this.#schemas.get(lower);
  }

  readonly #resourceTypes: { endpoint: string; schema: string; schemaExtensions: { schema: string; required: boolean }[] }[] = [];

  /** Learns the resource types of a /ResourceTypes answer (RFC7643-6), the first MAX_LEARNED of them; returns how many. */
  learnResourceTypes(json: unknown): number {
    const list = isObject(json) && Array.isArray(json['Resources']) ? json['Resources'] : [];
    const parsed: { endpoint: string; schema: string; schemaExtensions: { schema: string; required: boolean }[] }[] = [];
    for (let i = 0; i < list.length && i < MAX_LEARNED; i += 1) {
      const r: unknown = list[i];
      if (!isObject(r) || typeof r['endpoint'] !== 'string' || typeof r['schema'] !== 'string') continue;
      const extensions = Array.isArray(r['schemaExtensions']) ? r['schemaExtensions'] : [];
      parsed.push({
        endpoint: r['endpoint'].startsWith('/') ? r['endpoint'] : `/${r['endpoint']}`,
        schema: r['schema'],
        schemaExtensions: extensions.flatMap((e) => (isObject(e) && typeof e['schema'] === 'string' ? [{ schema: e['schema'], required: e['required'] === true }] : [])),
      });
    }
    if (parsed.length > 0) {
      this.#resourceTypes.length = 0;
      for (const p of parsed) this.#resourceTypes.push(p);
    }
    return parsed.length;
  }

  /** The resource types learned (endpoint relative to the base URL). */
  get resourceTypes(): readonly { readonly endpoint: string; readonly schema: string; readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[] }[] {
    return this.#resourceTypes;
  }

  /** The definition the target gave for this URN. */
  find(urn: string): SchemaDefinition | undefined {
    return this.#schemas.get(urn.toLowerCase());
  }

  /** How many schemas are known. */
  get size(): number {
    return this.#schemas.size;
  }

  /** @internal the compiled validator for a resource shape. */
  compile(key: string, schema: () => JsonSchema): Compiled {
    let compiled = this.#cache.get(key);
    if (compiled === undefined) {
      compiled = compileShared(schema());
      this.#cache.set(key, compiled);
    }
    return compiled;
  }
}

/** Whether two parsed definitions (or parts of them) validate alike: equal in everything but descriptions. */
function sameButDescriptions(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameButDescriptions(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    if (key === 'description') continue;
    if (!Object.hasOwn(right, key) || !sameButDescriptions(left[key], right[key])) return false;
    keys += 1;
  }
  for (const key in right) if (key !== 'description') keys -= 1;
  return keys === 0;
}

/** The RFC's resource schemas as parseSchemaDefinition reads them, by lower-case id (built on first use). */
let rfcParsed: Map<string, { readonly rfc: SchemaDefinition; readonly parsed: SchemaDefinition }> | undefined;

/** The RFC definition that validates exactly as `schema` does, if there is one (most servers copy the RFC's). */
function rfcEquivalent(schema: SchemaDefinition): SchemaDefinition | undefined {
  rfcParsed ??= new Map(RFC_RESOURCE_SCHEMAS.map((rfc) => [rfc.id.toLowerCase(), { rfc, parsed: parseSchemaDefinition(rfc) ?? rfc }]));
  const known = rfcParsed.get(schema.id.toLowerCase());
  return known !== undefined && sameButDescriptions(schema.attributes, known.parsed.attributes) ? known.rfc : undefined;
}

/** A target's schema resource as an RFC7643-7 definition, leniently (what is unusable is left out). */
export function parseSchemaDefinition(value: unknown): SchemaDefinition | undefined {
  if (!isObject(value) || typeof value['id'] !== 'string' || !Array.isArray(value['attributes'])) return undefined;
  const schemas = value['schemas'];
  if (Array.isArray(schemas) && !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SCHEMA_SCHEMA_URN.toLowerCase()) && schemas.length > 0) return undefined;
  return {
    id: value['id'],
    name: typeof value['name'] === 'string' ? value['name'] : value['id'],
    description: typeof value['description'] === 'string' ? value['description'] : '',
    attributes: parseAttributes(value['attributes']),
  };
}

const TYPES: readonly AttributeType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex'];

/** TYPES by lower-case name (a target may spell `String` or `dateTime` as it likes). */
const TYPE_BY_LOWER = new Map(TYPES.map((t) => [t.toLowerCase(), t]));
const MUTABILITIES: readonly string[] = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED: readonly string[] = ['always', 'never', 'default', 'request'];
const UNIQUENESS: readonly string[] = ['none', 'server', 'global'];

/** `value` when it is one of `allowed`, else `fallback`. */
function oneOf(value: unknown, allowed: readonly string[], fallback: string): string {
  return typeof value === 'string' && allowed.includes(value) ? value : fallback;
}

const onlyStrings = (values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string');

/** A target's attribute definitions, leniently: one without a name or a known type is left out. A loop: a /Schemas answer is read every run. */
function parseAttributes(list: unknown): AttributeDefinition[] {
  if (!Array.isArray(list)) return [];
  const out: AttributeDefinition[] = [];
  for (const a of list) {
    if (!isObject(a) || typeof a['name'] !== 'string') continue;
    const type = TYPE_BY_LOWER.get(String(a['type']).toLowerCase());
    if (type === undefined) continue;
    const subAttributes = type === 'complex' ? parseAttributes(a['subAttributes']) : undefined;
    const definition: { -readonly [K in keyof AttributeDefinition]: AttributeDefinition[K] } = {
      name: a['name'],
      type,
      multiValued: a['multiValued'] === true,
      description: typeof a['description'] === 'string' ? a['description'] : '',
      required: a['required'] === true,
      caseExact: a['caseExact'] === true,
      mutability: oneOf(a['mutability'], MUTABILITIES, 'readWrite') as AttributeDefinition['mutability'],
      returned: oneOf(a['returned'], RETURNED, 'default') as AttributeDefinition['returned'],
      uniqueness: oneOf(a['uniqueness'], UNIQUENESS, 'none') as AttributeDefinition['uniqueness'],
    };
    if (Array.isArray(a['canonicalValues'])) definition.canonicalValues = onlyStrings(a['canonicalValues']);
    if (Array.isArray(a['referenceTypes'])) definition.referenceTypes = onlyStrings(a['referenceTypes']);
    if (subAttributes !== undefined) definition.subAttributes = subAttributes;
    out.push(definition);
  }
  return out;
}

/** An attribute list's definitions by lower-case name, the first of each name as findAttribute picks (built once per list). */
const attributeIndexes = new WeakMap<readonly AttributeDefinition[], Map<string, AttributeDefinition>>();

function attributeIndex(attributes: readonly AttributeDefinition[]): Map<string, AttributeDefinition> {
  let index = attributeIndexes.get(attributes);
  if (index === undefined) {
    index = new Map();
    for (const a of attributes) if (!index.has(a.name.toLowerCase())) index.set(a.name.toLowerCase(), a);
    attributeIndexes.set(attributes, index);
  }
  return index;
}

/** {@link attributeIndex}'s definitions by their own spelling (built once per list). */
const exactIndexes = new WeakMap<readonly AttributeDefinition[], Map<string, AttributeDefinition>>();

function exactIndex(attributes: readonly AttributeDefinition[]): Map<string, AttributeDefinition> {
  let exact = exactIndexes.get(attributes);
  if (exact === undefined) {
    exact = new Map();
    for (const a of attributeIndex(attributes).values()) exact.set(a.name, a);
    exactIndexes.set(attributes, exact);
  }
  return exact;
}

/**
 * True when {@link canonical} would copy `value` unchanged: every key already spelled as its
 * definition (or unknown, kept as it is), at every level. Servers nearly always spell names as
 * their schemas do, so the resource is validated as it is, without a copy. @internal exported for tests
 */
export function isCanonical(value: unknown, attributes: readonly AttributeDefinition[], extensions: readonly SchemaDefinition[]): boolean {
  if (!isObject(value)) return true;
  const exact = exactIndex(attributes);
  for (const key of Object.keys(value)) {
    const inner = value[key];
    if (extensions.length !== 0) {
      const lower = key.toLowerCase();
      const extension = extensions.find((e) => e.id.toLowerCase() === lower);
      if (extension !== undefined) {
        if (key !== extension.id || !isCanonical(inner, extension.attributes, NO_EXTENSIONS)) return false;
        continue;
      }
    }
    if (key === 'schemas') continue;
    const definition = exact.get(key);
    if (definition === undefined) {
      // Another spelling of `schemas` or of a defined name is renamed by canonical; an unknown key stays.
      const lower = key.toLowerCase();
      if (lower === 'schemas' || attributeIndex(attributes).has(lower)) return false;
      continue;
    }
    if (definition.type !== 'complex') continue;
    const subs = definition.subAttributes ?? NO_ATTRIBUTES;
    if (Array.isArray(inner)) {
      for (const item of inner) if (!isCanonical(item, subs, NO_EXTENSIONS)) return false;
    } else if (!isCanonical(inner, subs, NO_EXTENSIONS)) {
      return false;
    }
  }
  return true;
}

/** A core schema's attributes followed by the common ones (RFC7643-3.1), one list per schema. */
const withCommon = new WeakMap<SchemaDefinition, readonly AttributeDefinition[]>();

function attributesWithCommon(core: SchemaDefinition): readonly AttributeDefinition[] {
  let list = withCommon.get(core);
  if (list === undefined) {
    list = [...core.attributes, ...COMMON_ATTRIBUTES];
    withCommon.set(core, list);
  }
  return list;
}

const NO_ATTRIBUTES: readonly AttributeDefinition[] = [];
const NO_EXTENSIONS: readonly SchemaDefinition[] = [];

/** Renames the keys of `value` to the spelling of their definitions (names are case-insensitive, RFC7643-2.1). @internal exported for tests */
export function canonical(value: unknown, attributes: readonly AttributeDefinition[], extensions: readonly SchemaDefinition[]): unknown {
  if (!isObject(value)) return value;
  const index = attributeIndex(attributes);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = value[key];
    const lower = key.toLowerCase();
    const extension = extensions.length === 0 ? undefined : extensions.find((e) => e.id.toLowerCase() === lower);
    if (extension !== undefined) {
      setOwn(out, extension.id, canonical(inner, extension.attributes, NO_EXTENSIONS));
      continue;
    }
    if (lower === 'schemas') {
      out['schemas'] = inner;
      continue;
    }
    const definition = index.get(lower);
    if (definition === undefined) {
      setOwn(out, key, inner);
      continue;
    }
    const subs = definition.subAttributes ?? NO_ATTRIBUTES;
    setOwn(out, definition.name, definition.type !== 'complex'
      ? inner
      : Array.isArray(inner) ? inner.map((item) => canonical(item, subs, NO_EXTENSIONS)) : canonical(inner, subs, NO_EXTENSIONS));
  }
  return out;
}

/** `out[key] = value`, except that a "__proto__" key (JSON.parse makes it one) stays a key, not the copy's prototype. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A JSON path from an ajv instance path: `/Resources/0/emails/1/primary` → `Resources[0].emails[1].primary`. */
export function jsonPath(prefix: string, instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = prefix;
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out === '' ? '(body)' : out;
}

/** The value at an ajv instance path. */
function valueAt(root: unknown, instancePath: string): unknown {
  let v: unknown = root;
  for (const p of instancePath.split('/').slice(1)) {
    const key = p.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v)) v = v[Number(key)];
    else if (isObject(v)) v = v[key];
    else return undefined;
  }
  return v;
}

/** Findings from ajv errors: one per failing annotated keyword, the innermost rule. */
function findingsOf(errors: readonly ErrorObject[] | null | undefined, data: unknown, prefix: string, source: SchemaFinding['source']): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const parent = (e.parentSchema ?? {}) as JsonSchema;
    if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty?: unknown }).missingProperty);
      const properties = (parent['properties'] ?? {}) as Record<string, JsonSchema>;
      // A resource's id (RFC7643-3.1) and schemas (RFC7643-3); a message's own section; else an
      // attribute its schema marks required (RFC7643-7).
      const parentRule = String(parent['scimRule'] ?? '');
      const rule = parentRule === 'RFC7643-3' && missing === 'id' ? 'RFC7643-3.1'
        : parentRule === 'RFC7643-3' && missing === 'schemas' ? 'RFC7643-3'
          : ['RFC7644-3.4.2', 'RFC7644-3.12'].includes(parentRule) ? parentRule : 'RFC7643-7';
      const path = jsonPath(prefix, e.instancePath, missing);
      const key = `${path}|required`;
      if (seen.has(key)) continue;
      seen.add(key);
      const described = properties[missing]?.['scimExpected'];
      out.push({ path, rule, expected: `present (required${typeof described === 'string' ? `: ${described}` : ''})`, actual: { missing: true }, source });
      continue;
    }
    // `if` only says a `then` failed (reported by its own error); `not` carries the
    // returned-never rule, `scimSingle` the multiValued one.
    if (e.keyword === 'if') continue;
    const path = jsonPath(prefix, e.instancePath);
    // One finding per place: the first rule that fails there.
    if (seen.has(path)) continue;
    const actual = valueAt(data, e.instancePath);
    // An array refused by a single-valued attribute's type check breaks the multiValued rule.
    const single = e.keyword === 'type' && Array.isArray(actual) ? parent['scimSingle'] : undefined;
    const rule = typeof single === 'string' ? 'RFC7643-2.4' : typeof parent['scimRule'] === 'string' ? parent['scimRule'] : undefined;
    const expected = typeof single === 'string' ? single : typeof parent['scimExpected'] === 'string' ? parent['scimExpected'] : e.message ?? e.keyword;
    if (rule === undefined) continue;
    seen.add(path);
    out.push({ path, rule, expected, actual: actual === undefined ? { missing: true } : actual, source });
  }
  return out;
}

const NO_SCHEMAS: readonly SchemaDefinition[] = [];

/** Whether `keys` holds `name` in any letter case. */
function hasKeyIgnoringCase(keys: readonly string[], name: string): boolean {
  const lower = name.toLowerCase();
  // A key of another length lower-cases to an ASCII name never (only U+0130 changes length, and
  // it leaves a U+0307), so such keys are passed over without lower-casing them.
  const ascii = !NON_ASCII.test(name);
  for (const key of keys) {
    if (key === name) return true;
    if (ascii && key.length !== name.length) continue;
    if (key.toLowerCase() === lower) return true;
  }
  return false;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The core and extension definitions a resource's `schemas` names, from `lookup`. */
function shapeOf(resource: Record<string, unknown>, lookup: (urn: string) => SchemaDefinition | undefined): { core: SchemaDefinition; extensions: readonly SchemaDefinition[] } | undefined {
  const listed = resource['schemas'];
  if (!Array.isArray(listed)) return undefined;
  const known: SchemaDefinition[] = [];
  for (const urn of listed) {
    const schema = typeof urn === 'string' ? lookup(urn) : undefined;
    if (schema !== undefined) known.push(schema);
  }
  if (known.length === 0) return undefined;
  // The core schema is the one whose attributes are top-level: the first listed schema that is
  // not an extension object key of the body.
  const keys = Object.keys(resource);
  let core: SchemaDefinition | undefined;
  for (const schema of known) {
    if (!hasKeyIgnoringCase(keys, schema.id)) {
      core = schema;
      break;
    }
  }
  if (core === undefined) return undefined;
  return { core, extensions: known.length === 1 ? NO_SCHEMAS : known.filter((s) => s !== core) };
}

/** The RFC's resource schemas by lower-case URN. */
const RFC_BY_URN = new Map(RFC_RESOURCE_SCHEMAS.map((s) => [s.id.toLowerCase(), s]));

/** The same by the URN as the RFC spells it (what servers send): found without lower-casing it. */
const RFC_BY_EXACT_URN = new Map(RFC_RESOURCE_SCHEMAS.map((s) => [s.id, s]));

function rfcLookup(urn: string): SchemaDefinition | undefined {
  return RFC_BY_EXACT_URN.get(urn) ?? RFC_BY_URN.get(urn.toLowerCase());
}

/** Findings for one resource, against the RFC schemas and (when given) the target's. */
function validateResource(resource: unknown, prefix: string, projected: boolean, target: TargetSchemas | undefined): SchemaFinding[] {
  if (!isObject(resource)) return [];
  const rfcShape = shapeOf(resource, rfcLookup);
  const out = rfcShape === undefined ? [] : validateShape(resource, rfcShape, prefix, projected, 'rfc', compileRfc);
  if (target === undefined || target.addsNothing) return out;
  // The target's definitions, falling back to the RFC's for schemas its /Schemas does not describe.
  const shape = shapeOf(resource, (u) => target.forValidation(u) ?? rfcLookup(u));
  // A target whose schemas say what the RFC says would only repeat the RFC pass.
  if (shape === undefined || (rfcShape !== undefined && sameShape(shape, rfcShape))) return out;
  let found: SchemaFinding[];
  try {
    found = validateShape(resource, shape, prefix, projected, 'target', (k, s) => target.compile(k, s));
  } catch {
    // A target schema ajv cannot compile is judged by the /Schemas checks, not by crashing this one.
    return out;
  }
  // A finding the RFC pass made already is not repeated for the target's own schema.
  const rfcFound = out.length;
  for (const f of found) if (!out.slice(0, rfcFound).some((o) => o.path === f.path && o.rule === f.rule)) out.push(f);
  return out;
}

function sameShape(a: { core: SchemaDefinition; extensions: readonly SchemaDefinition[] }, b: { core: SchemaDefinition; extensions: readonly SchemaDefinition[] }): boolean {
  return a.core === b.core && a.extensions.length === b.extensions.length && a.extensions.every((e, i) => e === b.extensions[i]);
}

/** Findings for one resource against one shape (core schema + extensions). */
function validateShape(
  resource: Record<string, unknown>, shape: { core: SchemaDefinition; extensions: readonly SchemaDefinition[] }, prefix: string, projected: boolean,
  source: SchemaFinding['source'], compile: (key: string, s: () => JsonSchema) => Compiled,
): SchemaFinding[] {
  const withRequired = !projected;
  const { validate } = compile(shapeKey(shape.core, shape.extensions, withRequired), () => resourceJsonSchema(shape.core, shape.extensions, withRequired));
  const attributes = attributesWithCommon(shape.core);
  const data = isCanonical(resource, attributes, shape.extensions) ? resource : canonical(resource, attributes, shape.extensions);
  return validate(data) ? [] : findingsOf(validate.errors, data, prefix, source);
}

/** Resources of one ListResponse validated one by one; the rest of a huge page is not. */
export const MAX_VALIDATED_RESOURCES = 200;

/**
 * Every schema finding in a SCIM response body. `target` holds the target's own schemas (learned
 * from its /Schemas), or undefined before they are known. Bodies that are not JSON objects give
 * none (other checks judge those).
 */
export function validateScimResponse(response: ResponseToValidate, target?: TargetSchemas): SchemaFinding[] {
  const body = response.json;
  if (!isObject(body)) return [];
  if (response.status >= 400 || lists(body, ERROR_URN_LOWER)) {
    const { validate } = compileRfc('error', () => ERROR_SCHEMA);
    return validate(body) ? [] : findingsOf(validate.errors, body, '', 'rfc');
  }
  const isList = lists(body, LIST_RESPONSE_URN_LOWER) || (Array.isArray(body['Resources']) && 'totalResults' in body);
  if (isList) {
    const { validate } = compileRfc('list', () => LIST_RESPONSE_SCHEMA);
    const out = validate(body) ? [] : findingsOf(validate.errors, body, '', 'rfc');
    const resources = Array.isArray(body['Resources']) ? body['Resources'] : [];
    // A page is what a client asked for (Okta: count=100); a server answering 10^6 resources is
    // judged on the envelope and its first pages' worth, so validation stays bounded (issue 14).
    const judged = Math.min(resources.length, MAX_VALIDATED_RESOURCES);
    for (let i = 0; i < judged; i += 1) {
      for (const finding of validateOne(resources[i], `Resources[${i}]`, response.projected, target)) out.push(finding);
    }
    return out;
  }
  return validateOne(body, '', response.projected, target);
}

const ERROR_URN_LOWER = ERROR_URN.toLowerCase();
const LIST_RESPONSE_URN_LOWER = LIST_RESPONSE_URN.toLowerCase();
const SCHEMA_SCHEMA_URN_LOWER = SCHEMA_SCHEMA_URN.toLowerCase();

/** Whether `body.schemas` lists `urnLower` (in any letter case). */
function lists(body: Record<string, unknown>, urnLower: string): boolean {
  const urns = body['schemas'];
  if (!Array.isArray(urns)) return false;
  for (const u of urns) {
    const urn = typeof u === 'string' ? u : String(u);
    // The URNs are ASCII: a text of another length never lower-cases to one (only U+0130 changes
    // length, and it leaves a U+0307), so most entries are passed over without lower-casing them.
    if (urn.length === urnLower.length && urn.toLowerCase() === urnLower) return true;
  }
  return false;
}

function validateOne(value: unknown, prefix: string, projected: boolean, target: TargetSchemas | undefined): SchemaFinding[] {
  if (!isObject(value)) return [];
  if (lists(value, SCHEMA_SCHEMA_URN_LOWER) || (Array.isArray(value['attributes']) && typeof value['id'] === 'string' && value['id'].startsWith('urn:'))) {
    const { validate } = compileRfc('schema', () => SCHEMA_DEFINITION_SCHEMA);
    return validate(value) ? [] : findingsOf(validate.errors, value, prefix, 'rfc');
  }
  return validateResource(value, prefix, projected, target);
}
