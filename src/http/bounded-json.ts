import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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

/**
 * True when `text` holds at most `limit` brackets that open an array or object (inside strings
 * or not): then nothing in it can nest deeper than `limit`. Counted with the engine's native
 * `indexOf`, which is many times faster than the character scan {@link jsonDepth} needs, and
 * answers for nearly every SCIM body (a User has a dozen), so most bodies skip that scan.
 */
function fewOpeners(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let at = text.indexOf(opener); at >= 0; at = text.indexOf(opener, at + 1)) {
      count += 1;
      if (count > limit) return false;
    }
  }
  return true;
}

/** The deepest nesting of arrays and objects in `text` (strings and escapes skipped), stopping past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: on to its closing quote with native indexOf (most of a /Schemas answer is
      // description text), the first quote after an even run of backslashes.
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return deepest; // unterminated: nothing after it nests
        let b = quote - 1;
        while (b > i && text.charCodeAt(b) === 0x5c) b -= 1;
        if ((quote - 1 - b) % 2 === 0) {
          i = quote;
          break;
        }
        from = quote + 1;
      }
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
  if (!fewOpeners(text, maxDepth) && jsonDepth(text, maxDepth) > maxDepth) return { ok: false, error: `JSON nested more than ${maxDepth} levels deep`, tooDeep: true };
  if (text.length >= COLLECT_BEFORE_CHARS) collectGarbage();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/**
 * Bodies at least this large keep their parse for the next identical text (issue 14): a server
 * that answers every request with one huge ListResponse (10^6 resources) is parsed once, not once
 * per step, per discovery and per check, so time and memory stay those of one copy.
 */
const SHARE_PARSE_FROM_CHARS = 256 * 1024;
let lastLarge: { readonly text: string; readonly parsed: BoundedJson } | undefined;

/**
 * {@link parseBoundedJson} for readers that never write into the value (assertions, verify
 * checks, schema validation, feature discovery): a large text equal to the previous large one
 * gets the very same parsed value back. Anyone who edits what they parse calls parseBoundedJson.
 */
export function parseSharedJson(text: string): BoundedJson {
  if (text.length < SHARE_PARSE_FROM_CHARS) return parseBoundedJson(text);
  if (lastLarge?.text === text) return lastLarge.parsed;
  lastLarge = undefined; // the previous parse is garbage for the collection ahead of this one
  const parsed = parseBoundedJson(text);
  lastLarge = { text, parsed };
  return parsed;
}

/**
 * Texts at least this large are parsed after a full garbage collection. JSON.parse of a 10^6-
 * element body builds tens of MB of objects that survive into V8's old generation; V8 collects
 * that space only when it has grown to a multiple of what is live, so a run whose every answer is
 * such a body (and not the same one, which parseSharedJson reuses) peaks at 800 MB though less
 * than 100 MB is ever live. Collecting before each such parse keeps the peak near one copy
 * (issue 14: under 300 MB), for about 10 ms, against the parse's own few hundred.
 */
const COLLECT_BEFORE_CHARS = 1024 * 1024;

let gc: (() => void) | null | undefined;

/** A full collection, through Node's `--expose-gc` hook enabled at run time (as jest-leak-detector does). */
function collectGarbage(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (typeof exposed === 'function') gc = exposed as () => void;
    else {
      try {
        setFlagsFromString('--expose-gc');
        gc = runInNewContext('gc') as () => void;
      } catch {
        gc = null;
      }
    }
  }
  gc?.();
}
