import type { JsonObject, JsonValue } from '../scim/json-value.js';
import { LIST_RESPONSE_URN } from '../scim/urns.js';
import type { DefectName } from './defects.js';
import type { ListQuery } from './list-query.js';

/** One page of results and the 1-based index of its first element. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly startIndex: number;
}

/**
 * The page `query` selects from `items` (RFC7644-3.4.2.4). The `paging-ignored` defect
 * returns everything from index 1; `paging-start-index-ignored` at most 2 from index 1.
 */
export function paginate<T>(items: readonly T[], query: ListQuery, defects: ReadonlySet<DefectName>): Page<T> {
  if (defects.has('paging-ignored')) return { items, startIndex: 1 };
  // `paging-start-index-as-page`: startIndex read as a page number, so later pages skip results.
  if (defects.has('paging-start-index-as-page')) {
    const offset = (query.startIndex - 1) * query.count;
    return { items: items.slice(offset, offset + query.count), startIndex: query.startIndex };
  }
  if (defects.has('paging-start-index-ignored')) return { items: items.slice(0, Math.min(query.count, 2)), startIndex: 1 };
  return { items: items.slice(query.startIndex - 1, query.startIndex - 1 + query.count), startIndex: query.startIndex };
}

/**
 * A ListResponse (RFC7644-3.4.2): `schemas`, integer `totalResults`, `itemsPerPage` (the
 * number of resources in this page), `startIndex`, and `Resources` (always an array).
 * Defects: `list-no-schemas`, `list-no-paging-fields`, `paging-fields-as-strings`.
 */
export function buildListResponse(
  resources: readonly JsonObject[],
  totalResults: number,
  startIndex: number,
  defects: ReadonlySet<DefectName>,
): JsonObject {
  const number = (value: number): JsonValue => (defects.has('paging-fields-as-strings') ? String(value) : value);
  return {
    ...(defects.has('list-no-schemas') ? {} : { schemas: [LIST_RESPONSE_URN] }),
    totalResults: number(totalResults),
    ...(defects.has('list-no-paging-fields')
      ? {}
      : { itemsPerPage: number(resources.length), startIndex: number(startIndex) }),
    Resources: resources,
  };
}
