import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { isJsonArray, isJsonObject, readKey, type JsonValue } from '../scim/json-value.js';
import { parseAttributeList, type ProjectionRequest } from '../scim/projection.js';
import type { SortOrder } from '../scim/sort.js';
import { SEARCH_REQUEST_URN } from '../scim/urns.js';
import type { DefectName } from './defects.js';

/** The page size cap this server advertises as `filter.maxResults` (RFC7643-5). */
export const MAX_RESULTS = 200;

/** The query parameters of a list or search request (RFC7644-3.4.2, RFC7644-3.4.3). */
export interface ListQuery {
  readonly filter?: string;
  /** 1-based; values below 1 are taken as 1 (RFC7644-3.4.2.4). */
  readonly startIndex: number;
  /** 0..{@link MAX_RESULTS}; negative is 0, absent or larger is MAX_RESULTS (RFC7644-3.4.2.4). */
  readonly count: number;
  readonly sortBy?: string;
  readonly sortOrder: SortOrder;
  readonly projection: ProjectionRequest;
}

/** Reads a {@link ListQuery} from URL query parameters; names match case-insensitively. */
export function listQueryFromSearchParams(params: URLSearchParams, defects: ReadonlySet<DefectName>): ListQuery {
  const get = (name: string): string | undefined => {
    for (const [key, value] of params) if (key.toLowerCase() === name.toLowerCase()) return value;
    return undefined;
  };
  return buildQuery(
    {
      filter: get('filter'),
      startIndex: get('startIndex'),
      count: get('count'),
      sortBy: get('sortBy'),
      sortOrder: get('sortOrder'),
      attributes: parseAttributeList(get('attributes')),
      excludedAttributes: parseAttributeList(get('excludedAttributes')),
    },
    defects,
  );
}

/** Reads a {@link ListQuery} from a POST `.search` body (RFC7644-3.4.3). */
export function listQueryFromSearchRequest(body: unknown, defects: ReadonlySet<DefectName>): ListQuery {
  if (!isJsonObject(body)) throw invalid('The search request must be a JSON object', 'invalidSyntax');
  const schemas = readKey(body, 'schemas');
  if (!isJsonArray(schemas) || !schemas.includes(SEARCH_REQUEST_URN)) {
    throw invalid(`"schemas" must contain ${SEARCH_REQUEST_URN} (RFC7644-3.4.3)`, 'invalidSyntax');
  }
  const text = (name: string): string | undefined => {
    const value = readKey(body, name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw invalid(`"${name}" must be a string`, 'invalidValue');
  };
  const list = (name: string): readonly string[] | undefined => {
    const value: JsonValue | undefined = readKey(body, name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return parseAttributeList(value);
    if (isJsonArray(value) && value.every((item) => typeof item === 'string')) {
      return value.filter((item): item is string => typeof item === 'string');
    }
    throw invalid(`"${name}" must be an array of strings`, 'invalidValue');
  };
  return buildQuery(
    {
      filter: text('filter'),
      startIndex: text('startIndex'),
      count: text('count'),
      sortBy: text('sortBy'),
      sortOrder: text('sortOrder'),
      attributes: list('attributes'),
      excludedAttributes: list('excludedAttributes'),
    },
    defects,
  );
}

interface RawQuery {
  readonly filter: string | undefined;
  readonly startIndex: string | undefined;
  readonly count: string | undefined;
  readonly sortBy: string | undefined;
  readonly sortOrder: string | undefined;
  readonly attributes: readonly string[] | undefined;
  readonly excludedAttributes: readonly string[] | undefined;
}

function buildQuery(raw: RawQuery, defects: ReadonlySet<DefectName>): ListQuery {
  const startIndex = Math.max(1, integer('startIndex', raw.startIndex) ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, integer('count', raw.count) ?? MAX_RESULTS));
  const order = raw.sortOrder?.trim().toLowerCase();
  if (order !== undefined && order !== '' && order !== 'ascending' && order !== 'descending') {
    throw invalid(`sortOrder must be "ascending" or "descending" (RFC7644-3.4.2.3); got ${JSON.stringify(raw.sortOrder)}`, 'invalidValue');
  }
  const filter = raw.filter?.trim();
  const sortBy = raw.sortBy?.trim();
  const excluded = defects.has('excluded-attributes-ignored') ? undefined : raw.excludedAttributes;
  return {
    ...(filter === undefined || filter === '' ? {} : { filter }),
    startIndex,
    count,
    ...(sortBy === undefined || sortBy === '' ? {} : { sortBy }),
    sortOrder: order === 'descending' && !defects.has('sort-order-ignored') ? 'descending' : 'ascending',
    projection: {
      ...(raw.attributes === undefined ? {} : { attributes: raw.attributes }),
      ...(excluded === undefined ? {} : { excludedAttributes: excluded }),
    },
  };
}

/** Parses an integer parameter; non-integers are 400 invalidValue. */
function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^[+-]?\d+$/.test(value.trim())) throw invalid(`${name} must be an integer; got ${JSON.stringify(value)}`, 'invalidValue');
  return Number.parseInt(value.trim(), 10);
}

function invalid(detail: string, scimType: 'invalidValue' | 'invalidSyntax'): ScimErrorResponse {
  return new ScimErrorResponse(scimError(400, detail, scimType));
}
