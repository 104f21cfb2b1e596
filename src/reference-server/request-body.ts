import type { IncomingMessage } from 'node:http';
import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { isScimJsonMediaType, mediaTypeOf, SCIM_MEDIA_TYPE } from '../scim/media-type.js';
import type { DefectName } from './defects.js';
import { parseBoundedJson } from '../http/bounded-json.js';

/** Largest request body the server reads; larger ones get 413. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The request body as UTF-8 text (RFC7644-3.8); throws 413 beyond {@link MAX_BODY_BYTES}. */
export async function readRequestBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new ScimErrorResponse(scimError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a JSON request body. `application/scim+json` and `application/json` are accepted
 * (RFC7644-3.8; Okta POSTs application/json), as is a missing Content-Type; other media
 * types get 415. Unparsable JSON is 400 invalidSyntax (RFC7644-3.12).
 */
export function parseJsonBody(text: string, contentType: string | undefined, defects: ReadonlySet<DefectName>): unknown {
  const mediaType = mediaTypeOf(contentType);
  const rejected = mediaType !== undefined && (!isScimJsonMediaType(mediaType) ||
    (defects.has('rejects-application-json') && mediaType !== SCIM_MEDIA_TYPE));
  if (rejected) {
    throw new ScimErrorResponse(scimError(415, `Unsupported Content-Type ${JSON.stringify(contentType)}; send ${SCIM_MEDIA_TYPE}`));
  }
  if (text.trim() === '') throw new ScimErrorResponse(scimError(400, 'A JSON request body is required', 'invalidSyntax'));
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) throw new ScimErrorResponse(scimError(400, `The request body is not valid JSON: ${parsed.error}`, 'invalidSyntax'));
  return parsed.value;
}
