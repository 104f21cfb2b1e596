/**
 * Value conversions shared by the comparisons. Runscope compares the *string form* of JSON
 * values (okta-runscope.md §7.3): booleans are `true`/`false`, numbers plain decimals, null is
 * `null`, arrays and objects their compact JSON text. Okta's checks `active equal "true"` and
 * `status equal "401"` rely on this, and RFC 7644 servers that send `status: 401` (a number)
 * must pass them just as those sending `"401"` do.
 */
export function stringForm(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

/**
 * A number, when the value "can be converted to a numeric value" (vendor wording): a finite JSON
 * number, or a string that is a decimal number after trimming. Booleans, empty strings, arrays
 * and objects are not numbers (unlike JavaScript's `Number()`).
 */
export function numberForm(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Emptiness: missing, null, "", [] and {} are empty; false and 0 are not (okta-runscope.md §7.3). */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** A short, readable rendering of an actual value for messages. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : stringForm(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
