import { ScimErrorResponse, scimError } from '../scim/errors.js';
import { etagOf } from './representation.js';
import type { StoredResource } from './resource-store.js';

/**
 * Enforces `If-Match` on PUT/PATCH/DELETE (RFC7644-3.14, RFC7232-3.1 with weak comparison):
 * a list of entity tags or `*`; when none matches the current version, 412.
 */
export function checkIfMatch(header: string | undefined, stored: StoredResource): void {
  if (header === undefined || header.trim() === '') return;
  if (!matchesEntityTags(header, stored)) {
    throw new ScimErrorResponse(scimError(412, `If-Match ${header} does not match the current version ${etagOf(stored)}`));
  }
}

/** True when `If-None-Match` matches, so a GET may answer 304 (RFC7644-3.14, RFC7232-3.2). */
export function matchesIfNoneMatch(header: string | undefined, stored: StoredResource): boolean {
  return header !== undefined && header.trim() !== '' && matchesEntityTags(header, stored);
}

function matchesEntityTags(header: string, stored: StoredResource): boolean {
  const current = opaqueTag(etagOf(stored));
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || opaqueTag(trimmed) === current;
  });
}

/** The entity tag without the weak prefix (weak comparison, RFC7232-2.3.2). */
function opaqueTag(tag: string): string {
  return tag.replace(/^W\//i, '');
}
