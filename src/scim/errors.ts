import { ERROR_URN } from './urns.js';

/** The `scimType` error keywords of RFC7644-3.12 (Table 9). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** A SCIM error as data: HTTP status, optional `scimType` and a human-readable `detail`. */
export interface ScimError {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly detail: string;
}

/** The JSON body of a SCIM error response, RFC7644-3.12. */
export interface ScimErrorBody {
  readonly schemas: readonly string[];
  /** RFC7644-3.12: "status" is the HTTP status code as a JSON string. */
  readonly status: string;
  readonly scimType?: ScimType;
  readonly detail: string;
}

/** Builds a {@link ScimError}. */
export function scimError(status: number, detail: string, scimType?: ScimType): ScimError {
  return scimType === undefined ? { status, detail } : { status, scimType, detail };
}

/**
 * The RFC7644-3.12 body of `error`: `schemas: [Error URN]`, `status` as a string,
 * `scimType` when set, and `detail`.
 */
export function buildErrorBody(error: ScimError): ScimErrorBody {
  const base = { schemas: [ERROR_URN], status: String(error.status) };
  return error.scimType === undefined
    ? { ...base, detail: error.detail }
    : { ...base, scimType: error.scimType, detail: error.detail };
}

/**
 * A thrown SCIM error, for code that unwinds to a single place that renders the response
 * (the reference server's request handler). Pure functions return {@link ScimError} instead.
 */
export class ScimErrorResponse extends Error {
  /** The error to render. */
  readonly error: ScimError;

  constructor(error: ScimError) {
    super(error.detail);
    this.name = 'ScimErrorResponse';
    this.error = error;
  }
}
