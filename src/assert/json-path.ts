/**
 * JavaScript-style property paths, as Runscope's `response_json` assertions use them
 * ("standard JavaScript notation"): `Resources[0].name.familyName`, `emails[0].value`,
 * `["odd key"].x`, `a[-1]` is not JavaScript and is not supported. An empty path is the body.
 */
import type { Actual } from './actual.js';
import { missing, present } from './actual.js';

export type PathSegment = string | number;

export class InvalidPathError extends Error {
  constructor(path: string, detail: string) {
    super(`invalid property path ${JSON.stringify(path)}: ${detail}`);
    this.name = 'InvalidPathError';
  }
}

/** Splits `a.b[0]["c d"]` into segments; throws InvalidPathError on malformed input. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const p = path.trim();
  while (i < p.length) {
    const ch = p[i];
    if (ch === '.') {
      if (i === 0 || i === p.length - 1) throw new InvalidPathError(path, `unexpected "." at ${i}`);
      i += 1;
      continue;
    }
    if (ch === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) throw new InvalidPathError(path, `unclosed "[" at ${i}`);
      const inner = p.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else throw new InvalidPathError(path, `index ${JSON.stringify(inner)} is neither a number nor a quoted key`);
      i = close + 1;
      continue;
    }
    // A name runs to the next ".", "[" or "]".
    let end = i;
    while (end < p.length && !NAME_END.has(p.charCodeAt(end))) end += 1;
    if (end === i) throw new InvalidPathError(path, `unexpected ${JSON.stringify(ch)} at ${i}`);
    segments.push(p.slice(i, end));
    i = end;
  }
  return segments;
}

/** ".", "[" and "]": the characters a name segment stops at. */
const NAME_END = new Set([0x2e, 0x5b, 0x5d]);

/** Walks a parsed JSON value; the result says where the walk stopped when it finds nothing. */
export function readPath(root: unknown, path: string): Actual {
  const segments = parsePath(path);
  let current: unknown = root;
  // Labels are made only for a message: a walk that finds its value needs none.
  for (let i = 0; i < segments.length; i += 1) {
    const seg = segments[i]!;
    if (current === null || typeof current !== 'object') {
      return missing(`${labelOf(segments, i) || 'the body'} is ${current === null ? 'null' : typeof current}, so ${labelOf(segments, i + 1)} is missing`);
    }
    if (typeof seg === 'number') {
      if (!Array.isArray(current)) return missing(`${labelOf(segments, i) || 'the body'} is not an array, so ${labelOf(segments, i + 1)} is missing`);
      if (seg >= current.length) return missing(`${labelOf(segments, i + 1)} is missing (${labelOf(segments, i) || 'the body'} has ${current.length} element${current.length === 1 ? '' : 's'})`);
      current = current[seg];
    } else {
      if (!Object.hasOwn(current, seg)) return missing(`${labelOf(segments, i + 1)} is missing`);
      current = (current as Record<string, unknown>)[seg];
    }
  }
  return present(current);
}

/** The first `n` segments as the walk names them: `Resources[0].name`. */
function labelOf(segments: readonly PathSegment[], n: number): string {
  let label = '';
  for (let i = 0; i < n; i += 1) {
    const seg = segments[i]!;
    label = typeof seg === 'number' ? `${label}[${seg}]` : label ? `${label}.${seg}` : seg;
  }
  return label;
}
