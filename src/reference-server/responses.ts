import type { ServerResponse } from 'node:http';
import { buildErrorBody, type ScimError } from '../scim/errors.js';
import type { JsonValue } from '../scim/json-value.js';
import { SCIM_CONTENT_TYPE } from '../scim/media-type.js';
import type { DefectName } from './defects.js';

/** A response a handler produces; {@link writeResponse} puts it on the wire. */
export interface ScimResponse {
  readonly status: number;
  /** JSON body; absent for 204 and 304. */
  readonly body?: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A response with a JSON body. */
export function jsonResponse(status: number, body: JsonValue, headers: Readonly<Record<string, string>> = {}): ScimResponse {
  return { status, body, headers };
}

/**
 * The SCIM Error response for `error` (RFC7644-3.12), shaped by the error-body defects
 * (`error-without-schema`, `error-no-detail`, `error-no-status`, `error-status-number`).
 */
export function errorResponse(
  error: ScimError,
  defects: ReadonlySet<DefectName>,
  headers: Readonly<Record<string, string>> = {},
): ScimResponse {
  const { schemas, status, detail, ...rest } = buildErrorBody(error);
  const body: Record<string, JsonValue> = {
    ...(defects.has('error-without-schema') ? {} : { schemas }),
    ...(defects.has('error-no-status') ? {} : { status: defects.has('error-status-number') ? Number(status) : status }),
    ...rest,
    ...(defects.has('error-no-detail') ? {} : { detail }),
  };
  return { status: error.status, body, headers };
}

/**
 * Writes `response`: JSON bodies as `application/scim+json; charset=utf-8` (RFC7644-3.1),
 * or `application/json` under the `plain-json-content-type` defect.
 */
export function writeResponse(res: ServerResponse, response: ScimResponse, defects: ReadonlySet<DefectName>): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(response.body);
  headers['Content-Type'] = defects.has('plain-json-content-type') ? 'application/json; charset=utf-8' : SCIM_CONTENT_TYPE;
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers);
  res.end(text);
}
