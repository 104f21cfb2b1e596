/**
 * Okta-shaped identifiers: 20-character object ids with a type prefix (`00u` users, `0oa`
 * apps, `00g` groups), request ids, error ids and API tokens. Random, never sequential, so
 * tests cannot come to depend on an order.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomChars(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Okta object ids are 20 characters: a 3-character type prefix and 17 random ones. */
export type OktaIdPrefix = '00u' | '0oa' | '00g' | '0gp' | '0gr' | 'oty' | '0pr';

export function newOktaId(prefix: OktaIdPrefix): string {
  return `${prefix}${randomChars(17)}`;
}

/** `X-Okta-Request-Id`: 27 characters. */
export function newRequestId(): string {
  return randomChars(27);
}

/** `errorId` of an error body: `oae` + 22 characters. */
export function newErrorId(): string {
  return `oae${randomChars(22)}`;
}

/** An SSWS API token: `00` + 40 characters. */
export function newApiToken(): string {
  return `00${randomChars(40)}`;
}

/** A random SCIM placeholder password: Okta sends one on every create (okta-wire.md §1.2). */
export function newPlaceholderPassword(): string {
  return randomChars(8);
}
