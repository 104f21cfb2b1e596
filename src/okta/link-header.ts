/**
 * Okta pagination: follow `Link: <url>; rel="next"` until there is none (okta-wire.md §2.0,
 * [CORE]). Okta sends `self` and `next` as separate Link headers; proxies may join them.
 */
import type { HeaderList } from '../model/result.js';
import { headerValues } from './header-values.js';

/** The URL of the `rel="next"` link, if the response has one. */
export function findNextLink(headers: HeaderList): string | undefined {
  for (const value of headerValues(headers, 'link')) {
    for (const part of splitLinks(value)) {
      const m = /^\s*<([^>]*)>(.*)$/s.exec(part);
      if (!m?.[1]) continue;
      if (relations(m[2] ?? '').includes('next')) return m[1];
    }
  }
  return undefined;
}

/** The relation types of a link's `; rel="a b"` parameter, lower-cased. */
function relations(params: string): string[] {
  for (const param of params.split(';')) {
    const m = /^\s*rel\s*=\s*"?([^"]*)"?\s*$/i.exec(param);
    if (m) return (m[1] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  }
  return [];
}

/** Splits a Link value at the commas between links (not the ones inside `<…>`). */
function splitLinks(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.filter((p) => p.trim() !== '');
}
