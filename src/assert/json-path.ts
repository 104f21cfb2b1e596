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
    const m = /^[^.[\]]+/.exec(p.slice(i));
    if (!m) throw new InvalidPathError(path, `unexpected ${JSON.stringify(ch)} at ${i}`);
    segments.push(m[0]);
    i += m[0].length;
  }
  return segments;
}

/** Walks a parsed JSON value; the result says where the walk stopped when it finds nothing. */
export function readPath(root: unknown, path: string): Actual {
  const segments = parsePath(path);
  let current: unknown = root;
  let walked = '';
  for (const seg of segments) {
    const label = typeof seg === 'number' ? `${walked}[${seg}]` : walked ? `${walked}.${seg}` : seg;
    if (current === null || typeof current !== 'object') {
      return missing(`${walked || 'the body'} is ${current === null ? 'null' : typeof current}, so ${label} is missing`);
    }
    if (typeof seg === 'number') {
      if (!Array.isArray(current)) return missing(`${walked || 'the body'} is not an array, so ${label} is missing`);
      if (seg >= current.length) return missing(`${label} is missing (${walked || 'the body'} has ${current.length} element${current.length === 1 ? '' : 's'})`);
      current = current[seg];
    } else {
      if (!Object.hasOwn(current, seg)) return missing(`${label} is missing`);
      current = (current as Record<string, unknown>)[seg];
    }
    walked = label;
  }
  return present(current);
}
