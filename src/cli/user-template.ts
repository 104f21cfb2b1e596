/**
 * `--user-template FILE` (or `userTemplate` in --config): User attribute values only the
 * vendor knows — a required custom attribute, an enterprise extension value, a valid locale —
 * merged into the User bodies the suites send where they lack them (src/scim/schema-payload.ts).
 * Read and checked before any request; every problem is a usage error (exit 2) naming the flag.
 */
import { parseBoundedJson } from '../http/bounded-json.js';
import type { JsonObject } from '../scim/json-value.js';
import { isJsonObject } from '../scim/json-value.js';
import { readFlagFile } from './config.js';
import { UsageError } from './exit-codes.js';

/** Attributes a template must not hold, and why. */
const REFUSED: Readonly<Record<string, string>> = {
  id: 'the service provider assigns id (RFC 7643 §3.1)',
  meta: 'meta is readOnly (RFC 7643 §3.1)',
  password: 'the suites generate test passwords and redact them; a password in a file would be written into reports',
};

/** The template at `path`, or undefined when no path is given. */
export function loadUserTemplate(path: string | undefined): JsonObject | undefined {
  if (path === undefined) return undefined;
  const flag = '--user-template';
  const text = readFlagFile(flag, path);
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) throw new UsageError(`${flag} ${path}: not valid JSON (${parsed.error})`);
  const value = parsed.value;
  if (!isJsonObject(value)) throw new UsageError(`${flag} ${path}: expected a JSON object of User attributes, e.g. {"locale": "en-US", "urn:…:enterprise:2.0:User": {"employeeNumber": "42"}}`);
  for (const [key, inner] of Object.entries(value)) {
    const refused = REFUSED[key.toLowerCase()];
    if (refused !== undefined) throw new UsageError(`${flag} ${path}: "${key}" cannot be templated: ${refused}`);
    if (key.toLowerCase() === 'schemas' && (!Array.isArray(inner) || inner.some((u) => typeof u !== 'string'))) {
      throw new UsageError(`${flag} ${path}: "schemas" must be an array of schema URIs`);
    }
    if (key.includes(':') && key.toLowerCase() !== 'schemas' && !isJsonObject(inner)) {
      throw new UsageError(`${flag} ${path}: "${key}" is a schema extension: its value must be an object of that extension's attributes`);
    }
  }
  return value;
}
