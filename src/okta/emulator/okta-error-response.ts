/**
 * Okta error responses the emulator returns: status, `errorCode`, `errorSummary` and causes
 * as Okta's error catalogue gives them (okta-wire.md §2.0, [ERR]).
 */
import { newErrorId } from './okta-ids.js';

export type OktaErrorCode =
  | 'E0000001'
  | 'E0000003'
  | 'E0000006'
  | 'E0000007'
  | 'E0000009'
  | 'E0000011'
  | 'E0000016'
  | 'E0000022'
  | 'E0000038'
  | 'E0000075';

const CATALOGUE: Readonly<Record<OktaErrorCode, { readonly status: number; readonly summary: string }>> = {
  E0000001: { status: 400, summary: 'Api validation failed: {0}' },
  E0000003: { status: 400, summary: 'The request body was not well-formed.' },
  E0000006: { status: 403, summary: 'You do not have permission to perform the requested action' },
  E0000007: { status: 404, summary: 'Not found: {0}' },
  E0000009: { status: 500, summary: 'Internal Server Error' },
  E0000011: { status: 401, summary: 'Invalid token provided' },
  E0000016: { status: 403, summary: 'Activation failed because the user is already active' },
  E0000022: { status: 405, summary: 'The endpoint does not support the provided HTTP method' },
  E0000038: { status: 403, summary: "This operation is not allowed in the user's current status." },
  E0000075: { status: 403, summary: 'Cannot modify the {0} attribute because it has a field mapping and profile push is enabled.' },
};

/** Thrown by API handlers; the server turns it into Okta's error body. */
export class OktaErrorResponse extends Error {
  override readonly name = 'OktaErrorResponse';
  readonly status: number;
  readonly code: OktaErrorCode;
  readonly causes: readonly string[];

  constructor(code: OktaErrorCode, argument = '', causes: readonly string[] = []) {
    const entry = CATALOGUE[code];
    super(entry.summary.replace('{0}', argument));
    this.status = entry.status;
    this.code = code;
    this.causes = causes;
  }

  /** The JSON body Okta sends. */
  body(): Readonly<Record<string, unknown>> {
    return {
      errorCode: this.code,
      errorSummary: this.message,
      errorLink: this.code,
      errorId: newErrorId(),
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

/** `404 E0000007 Not found: Resource not found: 00u… (User)`. */
export function notFound(id: string, type: string): OktaErrorResponse {
  return new OktaErrorResponse('E0000007', `Resource not found: ${id} (${type})`);
}

/** `400 E0000001 Api validation failed: login` with one cause per field. */
export function validationFailed(fields: readonly { readonly field: string; readonly problem: string }[]): OktaErrorResponse {
  return new OktaErrorResponse(
    'E0000001',
    fields.map((f) => f.field).join(', '),
    fields.map((f) => `${f.field}: ${f.problem}`),
  );
}
