import { parse, type Filter } from 'scim2-parse-filter';
import { readAttributeValues, resolveAttributePath, type AttributeReference } from './attribute-path.js';
import { scimError, type ScimError } from './errors.js';
import { isJsonArray, isJsonObject, readKey, type JsonObject, type JsonPrimitive, type JsonValue } from './json-value.js';
import { findAttribute, type AttributeDefinition, type ResourceSchemaSet } from './schemas.js';

/** A compiled filter, or the RFC7644-3.12 `invalidFilter` error explaining why it is not one. */
export type FilterCompilation =
  | { readonly kind: 'compiled'; readonly matches: (resource: JsonObject) => boolean }
  | { readonly kind: 'invalid'; readonly error: ScimError };

/** A comparison operator of RFC7644-3.4.2.2 (Table 3). */
export type ComparisonOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';

/**
 * Compiles a SCIM filter (RFC7644-3.4.2.2) for resources described by `schemas`.
 *
 * Evaluation is schema-aware, unlike scim2-parse-filter's own tester:
 * - attribute names are case-insensitive (RFC7643-2.1), URN-qualified paths are resolved;
 * - strings compare case-insensitively unless the attribute is `caseExact` (RFC7643-2.2):
 *   `userName`, `emails.value` fold case; `id`, `externalId` do not;
 * - `dateTime` compares chronologically, numbers numerically, booleans by value
 *   (RFC7644-3.4.2.2); `gt`/`ge`/`lt`/`le` on a boolean or binary attribute is `invalidFilter`;
 * - a multi-valued attribute matches when any value matches; a complex attribute without
 *   sub-attribute compares its `value` sub-attribute (`emails co "x"`, RFC7644-3.4.2.2);
 * - `ne` is the negation of `eq` (true for an absent attribute); `eq null` means absent;
 * - value paths `emails[type eq "work"]`, and `emails[type eq "work"].value eq "x"` (the
 *   Entra form) which requires one element to satisfy both.
 * An unknown attribute is compared as a case-insensitive string (never an error), so that
 * extension attributes a schema does not describe still filter — unless `options` say
 * `unknownAttributes: 'invalid'` (what a server that knows its own schemas answers).
 */
export function compileScimFilter(expression: string, schemas: ResourceSchemaSet, options: FilterOptions = {}): FilterCompilation {
  return compileWith(expression, resourceScope(schemas), options);
}

/** How strict {@link compileScimFilter} is. */
export interface FilterOptions {
  /**
   * `invalid`: a path no schema defines makes the filter `invalidFilter` (a service provider
   * that knows its schemas; RFC7644-3.12 Table 9 "the specified attribute and filter comparison
   * combination is not supported", which the SCIM interoperability profile requires). Default
   * `lenient`: compared as a case-insensitive string (a client evaluating filters over
   * resources whose extensions it may not know).
   */
  readonly unknownAttributes?: 'invalid' | 'lenient';
}

/**
 * Compiles a value filter (the part inside `[...]`, RFC7644-3.5.2 `valFilter`) that selects
 * elements of the multi-valued complex attribute `attribute`; paths in the expression are
 * its sub-attributes.
 */
export function compileValueFilter(expression: string, attribute: AttributeDefinition): FilterCompilation {
  return compileWith(expression, elementScope(attribute), {});
}

/**
 * When `expression` is one `eq` comparison or an `and` of them on plain attribute names
 * (`type eq "work"`, `type eq "work" and primary eq true`), the attribute → value pairs it
 * requires; otherwise undefined. PATCH `add` uses this to create the element a value path
 * names when none matches (RFC7644-3.5.2.1).
 */
export function equalityConstraints(expression: string): Readonly<Record<string, JsonPrimitive>> | undefined {
  let tree: Filter;
  try {
    tree = parse(expression);
  } catch {
    return undefined;
  }
  const pairs: [string, JsonPrimitive][] = [];
  const collect = (node: Filter): boolean => {
    if (node.op === 'and' && 'filters' in node) return node.filters.every(collect);
    if (node.op === 'eq' && 'compValue' in node && !node.attrPath.includes('.') && !node.attrPath.includes(':')) {
      pairs.push([node.attrPath, node.compValue]);
      return true;
    }
    return false;
  };
  return collect(tree) ? Object.fromEntries(pairs) : undefined;
}

/** A predicate over one node (a resource, or an element of a complex attribute). */
type Predicate = (node: JsonObject) => boolean;

/** Either a compiled predicate or the reason it could not be compiled. */
type Compiled = { readonly ok: true; readonly predicate: Predicate } | { readonly ok: false; readonly detail: string };

/** Where attribute paths in a filter are resolved. */
interface Scope {
  /** Resolves a path to a way of reading its values and their definition, or undefined if malformed. */
  resolve(path: string): Attribute | undefined;
}

/** A resolved filter attribute: its definition (if known) and how to read its values from a node. */
interface Attribute {
  /** Definition of the attribute the path ends at (the sub-attribute's, when there is one). */
  readonly definition: AttributeDefinition | undefined;
  /** Every value at the path in a node, flattened. */
  readonly values: (node: JsonObject) => readonly JsonValue[];
  /** The same attribute with a sub-attribute appended (`emails` → `emails.value`), for value paths. */
  readonly sub: (name: string) => Attribute | undefined;
}

function compileWith(expression: string, scope: Scope, options: FilterOptions): FilterCompilation {
  let tree: Filter;
  try {
    tree = parse(expression);
  } catch (error) {
    return invalid(`Invalid filter ${JSON.stringify(expression)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.unknownAttributes === 'invalid') {
    const unknown = unknownAttributeIn(tree, scope);
    if (unknown !== undefined) return invalid(`Unknown attribute ${JSON.stringify(unknown)} in filter ${JSON.stringify(expression)}`);
  }
  // The parser turns `attr[f].sub op v` into `attr[f] and attr.sub op v`; only then does
  // the text contain "].", so the pair is re-joined into one per-element test.
  const compiled = compileNode(tree, scope, /\]\s*\./.test(expression));
  return compiled.ok ? { kind: 'compiled', matches: compiled.predicate } : invalid(compiled.detail);
}

/** The first attribute path in `node` that `scope` does not define (value paths: their sub-attributes too). */
function unknownAttributeIn(node: Filter, scope: Scope): string | undefined {
  switch (node.op) {
    case 'and':
    case 'or':
      for (const child of node.filters) {
        const unknown = unknownAttributeIn(child, scope);
        if (unknown !== undefined) return unknown;
      }
      return undefined;
    case 'not':
      return unknownAttributeIn(node.filter, scope);
    case '[]': {
      const attribute = scope.resolve(node.attrPath);
      if (attribute?.definition === undefined) return node.attrPath;
      const inner = unknownAttributeIn(node.valFilter, elementScope(attribute.definition));
      return inner === undefined ? undefined : `${node.attrPath}.${inner}`;
    }
    default:
      return 'attrPath' in node && scope.resolve(node.attrPath)?.definition === undefined ? node.attrPath : undefined;
  }
}

function invalid(detail: string): FilterCompilation {
  // RFC7644-3.4.2.2: an unparsable or unsupported filter is 400 invalidFilter.
  return { kind: 'invalid', error: scimError(400, detail, 'invalidFilter') };
}

function compileNode(node: Filter, scope: Scope, subAfterBracket: boolean): Compiled {
  switch (node.op) {
    case 'and':
    case 'or': {
      if (node.op === 'and' && subAfterBracket) {
        const joined = compileValuePathWithSubAttribute(node.filters, scope);
        if (joined !== undefined) return joined;
      }
      const parts = node.filters.map((child) => compileNode(child, scope, subAfterBracket));
      const failed = parts.find((part): part is Extract<Compiled, { ok: false }> => !part.ok);
      if (failed !== undefined) return failed;
      const predicates = parts.map((part) => (part.ok ? part.predicate : () => false));
      return node.op === 'and'
        ? { ok: true, predicate: (target) => predicates.every((predicate) => predicate(target)) }
        : { ok: true, predicate: (target) => predicates.some((predicate) => predicate(target)) };
    }
    case 'not': {
      const inner = compileNode(node.filter, scope, subAfterBracket);
      return inner.ok ? { ok: true, predicate: (target) => !inner.predicate(target) } : inner;
    }
    case '[]': {
      const attribute = scope.resolve(node.attrPath);
      if (attribute === undefined) return { ok: false, detail: `Invalid attribute path ${JSON.stringify(node.attrPath)}` };
      const inner = compileNode(node.valFilter, elementScope(attribute.definition), false);
      if (!inner.ok) return inner;
      return {
        ok: true,
        predicate: (target) => attribute.values(target).some((element) => isJsonObject(element) && inner.predicate(element)),
      };
    }
    case 'pr': {
      const attribute = scope.resolve(node.attrPath);
      if (attribute === undefined) return { ok: false, detail: `Invalid attribute path ${JSON.stringify(node.attrPath)}` };
      // RFC7644-3.4.2.2 "pr": has a non-empty, non-null value.
      return { ok: true, predicate: (target) => attribute.values(target).some(isPresentValue) };
    }
    default: {
      if (!isComparisonOperator(node.op)) {
        return { ok: false, detail: `Unsupported operator ${JSON.stringify(node.op)}` };
      }
      const attribute = scope.resolve(node.attrPath);
      if (attribute === undefined) return { ok: false, detail: `Invalid attribute path ${JSON.stringify(node.attrPath)}` };
      return compileComparison(node.op, attribute, node.compValue, node.attrPath);
    }
  }
}

/**
 * `emails[type eq "work"].value eq "x"`: true when one element satisfies both the value
 * filter and the sub-attribute comparison. Returns undefined when `filters` is not that shape.
 */
function compileValuePathWithSubAttribute(filters: readonly Filter[], scope: Scope): Compiled | undefined {
  const [valuePath, comparison] = filters;
  if (filters.length !== 2 || valuePath === undefined || comparison === undefined) return undefined;
  if (valuePath.op !== '[]' || !('valFilter' in valuePath) || !('attrPath' in comparison)) return undefined;
  const prefix = `${valuePath.attrPath}.`;
  if (!comparison.attrPath.startsWith(prefix)) return undefined;
  const subName = comparison.attrPath.slice(prefix.length);
  const attribute = scope.resolve(valuePath.attrPath);
  if (attribute === undefined) return { ok: false, detail: `Invalid attribute path ${JSON.stringify(valuePath.attrPath)}` };
  const elements = elementScope(attribute.definition);
  const selector = compileNode(valuePath.valFilter, elements, false);
  if (!selector.ok) return selector;
  const relative: Filter = { ...comparison, attrPath: subName };
  const subComparison = compileNode(relative, elements, false);
  if (!subComparison.ok) return subComparison;
  return {
    ok: true,
    predicate: (target) =>
      attribute
        .values(target)
        .some((element) => isJsonObject(element) && selector.predicate(element) && subComparison.predicate(element)),
  };
}

function compileComparison(
  op: ComparisonOperator,
  attribute: Attribute,
  expected: JsonPrimitive,
  path: string,
): Compiled {
  // RFC7644-3.4.2.2: a complex attribute without sub-attribute is compared through "value".
  const target = attribute.definition?.type === 'complex' ? attribute.sub('value') ?? attribute : attribute;
  const definition = target.definition;
  if (expected === null) {
    // RFC7643-2.5: null is "unassigned"; only eq/ne are meaningful.
    if (op === 'eq') return { ok: true, predicate: (node) => target.values(node).length === 0 };
    if (op === 'ne') return { ok: true, predicate: (node) => target.values(node).length > 0 };
    return { ok: false, detail: `Operator ${op} cannot compare ${path} with null` };
  }
  const ordering = op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
  if (ordering && (definition?.type === 'boolean' || definition?.type === 'binary')) {
    // RFC7644-3.4.2.2: gt/ge/lt/le on Boolean or Binary attributes is invalidFilter.
    return { ok: false, detail: `Operator ${op} is not allowed on ${definition.type} attribute ${path}` };
  }
  if (op === 'ne') {
    return { ok: true, predicate: (node) => !target.values(node).some((value) => compareValue('eq', value, expected, definition)) };
  }
  return { ok: true, predicate: (node) => target.values(node).some((value) => compareValue(op, value, expected, definition)) };
}

/** Compares one attribute value with the filter's literal under RFC7644-3.4.2.2 rules. */
function compareValue(
  op: ComparisonOperator,
  actualValue: JsonValue,
  expected: Exclude<JsonPrimitive, null>,
  definition: AttributeDefinition | undefined,
): boolean {
  const actual = isJsonObject(actualValue) ? readKey(actualValue, 'value') : actualValue;
  if (actual === undefined || actual === null || isJsonObject(actual) || isJsonArray(actual)) return false;
  const type = definition?.type;

  if (type === 'boolean' || typeof actual === 'boolean') {
    const left = asBoolean(actual);
    const right = asBoolean(expected);
    if (left === undefined || right === undefined) return false;
    return op === 'eq' ? left === right : false;
  }
  if (type === 'integer' || type === 'decimal' || typeof actual === 'number') {
    if (typeof actual !== 'number' || typeof expected !== 'number') return false;
    return order(op, actual, expected);
  }
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  if (type === 'dateTime' && op !== 'co' && op !== 'sw' && op !== 'ew') {
    const left = Date.parse(actual);
    const right = Date.parse(expected);
    if (!Number.isNaN(left) && !Number.isNaN(right)) return order(op, left, right);
  }
  // RFC7643-2.2 caseExact; an attribute no schema describes is compared case-insensitively.
  const caseExact = definition?.caseExact ?? false;
  const left = caseExact ? actual : actual.toLowerCase();
  const right = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return order(op, left, right);
  }
}

function order<T extends number | string>(op: ComparisonOperator, left: T, right: T): boolean {
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    default:
      return false;
  }
}

/** Booleans, and the strings "true"/"false" in any case (Entra sends "False"). */
function asBoolean(value: JsonPrimitive): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

function isPresentValue(value: JsonValue): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return value !== '';
  if (isJsonArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.values(value).some((inner) => inner !== null && inner !== '');
  return true;
}

function isComparisonOperator(op: string): op is ComparisonOperator {
  return ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'].includes(op);
}

/** Paths resolve against the resource's schemas (core, common attributes, extensions). */
function resourceScope(schemas: ResourceSchemaSet): Scope {
  return {
    resolve(path) {
      const resolved = resolveAttributePath(path, schemas);
      if (resolved === undefined || resolved.kind !== 'attribute') return undefined;
      return fromReference(resolved);
    },
  };
}

function fromReference(reference: AttributeReference): Attribute {
  return {
    definition: reference.subAttribute === undefined ? reference.definition : reference.subAttribute.definition,
    values: (node) => readAttributeValues(node, reference),
    sub: (name) => {
      if (reference.subAttribute !== undefined) return undefined;
      const definition = findAttribute(reference.definition?.subAttributes, name);
      return fromReference({ ...reference, subAttribute: { name: definition?.name ?? name, definition } });
    },
  };
}

/** Paths resolve against the sub-attributes of `parent` (inside a value path's brackets). */
function elementScope(parent: AttributeDefinition | undefined): Scope {
  return {
    resolve(path) {
      if (path === '' || path.includes('.') || path.includes(':')) return undefined;
      return elementAttribute(parent, path);
    },
  };
}

function elementAttribute(parent: AttributeDefinition | undefined, name: string): Attribute {
  const definition = findAttribute(parent?.subAttributes, name);
  const key = definition?.name ?? name;
  return {
    definition,
    values: (node) => {
      const value = readKey(node, key);
      if (value === undefined || value === null) return [];
      return isJsonArray(value) ? value : [value];
    },
    sub: () => undefined,
  };
}
