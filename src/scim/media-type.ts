/** The SCIM media type, RFC7644-3.1 / RFC7644-8.1. */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** The `Content-Type` a SCIM service provider answers with, RFC7644-3.1 (UTF-8, RFC7644-3.8). */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/**
 * The bare, lower-cased media type of a `Content-Type` header value (parameters such
 * as `charset` removed), or undefined when the header is absent or empty.
 */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return bare === '' ? undefined : bare;
}

/**
 * True when a request body of this media type is JSON a SCIM service provider must accept:
 * `application/scim+json` (RFC7644-3.1) and `application/json` (RFC7644-3.8, and Okta POSTs it).
 */
export function isScimJsonMediaType(mediaType: string): boolean {
  return mediaType === SCIM_MEDIA_TYPE || mediaType === 'application/json';
}
