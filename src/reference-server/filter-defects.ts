import { parse, stringify, type Filter } from 'scim2-parse-filter';
import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { compileScimFilter, type FilterCompilation } from '../scim/filter.js';
import { COMMON_ATTRIBUTES, findAttribute, type ResourceSchemaSet } from '../scim/schemas.js';
import type { DefectName } from './defects.js';

/**
 * Compiles a list request's filter the way this server evaluates it: strictly — an attribute
 * no served schema defines is 400 invalidFilter (RFC7644-3.12 Table 9; required by the SCIM
 * interoperability profile, allowed by the RFC) — and bent by the filter defects, each a
 * parser or evaluator bug seen in real servers (peers.md §3, "Filtering"):
 * - `filter-names-case-sensitive`: attribute names and operators match only in the schema's
 *   spelling (`USERNAME EQ …` finds nothing; RFC7644-3.4.2.2 makes both case-insensitive);
 * - `filter-grouping-ignored`: parentheses are dropped, so precedence decides;
 * - `filter-value-path-any-element`: `emails[type eq "work" and value ew ".org"]` is evaluated
 *   per condition over all elements instead of per element;
 * - `filter-ge-le-exclusive`: `ge`/`le` behave like `gt`/`lt` (the boundary is lost);
 * - `filter-case-exact-ignored`: externalId (caseExact) is compared case-insensitively;
 * - `unknown-attribute-filter-500`: an undefined attribute crashes the lookup (500).
 * Returns `none` when the defective server would match nothing.
 */
export function compileServedFilter(
  filter: string,
  schemas: ResourceSchemaSet,
  defects: ReadonlySet<DefectName>,
): FilterCompilation | { readonly kind: 'none' } {
  if (defects.has('filter-names-case-sensitive') && !spelledAsDefined(filter, schemas)) return { kind: 'none' };
  let seen = filter;
  if (defects.has('filter-grouping-ignored')) seen = outsideQuotes(seen, (text) => text.replace(/[()]/g, ' '));
  if (defects.has('filter-value-path-any-element') || defects.has('filter-ge-le-exclusive')) seen = rewrite(seen, defects);
  const served = defects.has('filter-case-exact-ignored') ? externalIdFolded(schemas) : schemas;
  const compiled = compileScimFilter(seen, served, { unknownAttributes: 'invalid' });
  if (compiled.kind === 'invalid' && defects.has('unknown-attribute-filter-500') && compileScimFilter(seen, served).kind === 'compiled') {
    throw new ScimErrorResponse(scimError(500, 'Internal server error: no column for the filter attribute'));
  }
  return compiled;
}

const OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le', 'pr', 'and', 'or', 'not'];

/** True when every operator is lower case and every attribute name is spelled as its schema spells it. */
function spelledAsDefined(filter: string, schemas: ResourceSchemaSet): boolean {
  const words: string[] = [];
  outsideQuotes(filter, (text) => {
    words.push(...(text.match(/[A-Za-z][\w.:$-]*/g) ?? []));
    return text;
  });
  const attributes = [...schemas.core.attributes, ...COMMON_ATTRIBUTES, ...schemas.extensions.flatMap((s) => s.attributes)];
  return words.every((word) => {
    if (OPERATORS.includes(word.toLowerCase())) return word === word.toLowerCase();
    if (word.toLowerCase() === 'true' || word.toLowerCase() === 'false' || word.toLowerCase() === 'null') return true;
    const [head, sub] = word.split(':').pop()?.split('.') ?? [];
    const definition = head === undefined ? undefined : findAttribute(attributes, head);
    if (definition === undefined) return true;
    if (definition.name !== head) return false;
    const subDefinition = sub === undefined ? undefined : findAttribute(definition.subAttributes, sub);
    return subDefinition === undefined || subDefinition.name === sub;
  });
}

/** Applies `change` to the parts of `filter` outside double-quoted strings. */
function outsideQuotes(filter: string, change: (text: string) => string): string {
  const parts = filter.split(/("(?:[^"\\]|\\.)*")/);
  return parts.map((part, i) => (i % 2 === 1 ? part : change(part))).join('');
}

function rewrite(filter: string, defects: ReadonlySet<DefectName>): string {
  let tree: Filter;
  try {
    tree = parse(filter);
  } catch {
    return filter;
  }
  return stringify(bend(tree, defects, undefined));
}

/** The defective reading of a parsed filter; `prefix` is the value path being flattened. */
function bend(node: Filter, defects: ReadonlySet<DefectName>, prefix: string | undefined): Filter {
  switch (node.op) {
    case 'and':
    case 'or':
      return { op: node.op, filters: node.filters.map((child) => bend(child, defects, prefix)) };
    case 'not':
      return { op: 'not', filter: bend(node.filter, defects, prefix) };
    case '[]':
      return defects.has('filter-value-path-any-element')
        ? bend(node.valFilter, defects, node.attrPath)
        : { op: '[]', attrPath: node.attrPath, valFilter: bend(node.valFilter, defects, undefined) };
    case 'pr':
      return { op: 'pr', attrPath: prefix === undefined ? node.attrPath : `${prefix}.${node.attrPath}` };
    default: {
      const attrPath = prefix === undefined ? node.attrPath : `${prefix}.${node.attrPath}`;
      const exclusive = defects.has('filter-ge-le-exclusive');
      const op = exclusive && node.op === 'ge' ? 'gt' : exclusive && node.op === 'le' ? 'lt' : node.op;
      return { op, attrPath, compValue: node.compValue };
    }
  }
}

/** The schemas with externalId compared case-insensitively (it is caseExact, RFC7643-3.1). */
function externalIdFolded(schemas: ResourceSchemaSet): ResourceSchemaSet {
  const externalId = findAttribute(COMMON_ATTRIBUTES, 'externalId');
  if (externalId === undefined) return schemas;
  return { ...schemas, core: { ...schemas.core, attributes: [...schemas.core.attributes, { ...externalId, caseExact: false }] } };
}
