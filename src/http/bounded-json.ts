/**
 * JSON from a server we do not trust. `JSON.parse` copes with any nesting, but everything that
 * walks the value afterwards (redaction, comparisons, report writing, `JSON.stringify` itself)
 * recurses: a body of 100 000 nested arrays would overflow the stack. No SCIM or Okta document
 * nests anywhere near {@link MAX_JSON_DEPTH} levels, so deeper text is refused before parsing.
 */
export const MAX_JSON_DEPTH = 100;

export type BoundedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string; readonly tooDeep?: true };

/** The deepest nesting of arrays and objects in `text` (strings and escapes skipped), stopping past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/** Parses `text`, refusing nesting deeper than `maxDepth` with a readable error. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): BoundedJson {
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, error: `JSON nested more than ${maxDepth} levels deep`, tooDeep: true };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
