import { readAttributeValues, resolveAttributePath } from './attribute-path.js';
import { isJsonObject, readKey, type JsonObject, type JsonValue } from './json-value.js';
import type { AttributeDefinition, ResourceSchemaSet } from './schemas.js';

/** The `sortOrder` values of RFC7644-3.4.2.3. */
export type SortOrder = 'ascending' | 'descending';

/**
 * `resources` sorted by the attribute `sortBy` (RFC7644-3.4.2.3), stably:
 * - strings compare case-insensitively unless the attribute is caseExact (RFC7643-2.2),
 *   dateTime chronologically, numbers numerically, false before true;
 * - a multi-valued attribute sorts by its primary value, else its first (RFC7644-3.4.2.3);
 * - resources without a value come last in either order (a choice; the RFC is silent).
 */
export function sortResources(
  resources: readonly JsonObject[],
  sortBy: string,
  order: SortOrder,
  schemas: ResourceSchemaSet,
): readonly JsonObject[] {
  const resolved = resolveAttributePath(sortBy, schemas);
  if (resolved === undefined || resolved.kind !== 'attribute') return resources;
  const definition = resolved.subAttribute?.definition ?? resolved.definition;
  const keyed = resources.map((resource) => ({
    resource,
    key: sortKey(pickValue(readAttributeValues(resource, resolved)), definition),
  }));
  const direction = order === 'descending' ? -1 : 1;
  return [...keyed]
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) {
        return a.key === undefined ? (b.key === undefined ? 0 : 1) : -1;
      }
      if (a.key < b.key) return -direction;
      if (a.key > b.key) return direction;
      return 0;
    })
    .map((entry) => entry.resource);
}

/** The value a multi-valued attribute sorts by: the primary one, else the first. */
function pickValue(values: readonly JsonValue[]): JsonValue | undefined {
  const primary = values.find((value) => isJsonObject(value) && value['primary'] === true);
  const chosen = primary ?? values[0];
  return isJsonObject(chosen) ? readKey(chosen, 'value') : chosen;
}

function sortKey(value: JsonValue | undefined, definition: AttributeDefinition | undefined): string | number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return undefined;
  if (definition?.type === 'dateTime') {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time;
  }
  return definition?.caseExact === true ? value : value.toLowerCase();
}
