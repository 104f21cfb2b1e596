/**
 * Secrets in every encoding a server or renderer may produce (issue 14 item 2), written
 * independently of src/http/redact.ts from the encodings' own definitions. Shared by the unit
 * property test (test/http/redact.spec.ts) and the artifact property test (test/e2e).
 */
import fc from 'fast-check';

/**
 * Per-character case changes that keep the string's length, for characters of the Basic
 * Multilingual Plane (redaction folds case per UTF-16 code unit: the cased letters outside it —
 * Deseret, Osage, Adlam… — are matched exactly only).
 */
function caseMapped(s: string, mask: readonly boolean[]): string {
  return [...s].map((c, i) => {
    const u = mask[i % Math.max(1, mask.length)] ? c.toUpperCase() : c.toLowerCase();
    return u.length === c.length && c.length === 1 ? u : c;
  }).join('');
}

function utf8Percent(s: string, lowerHex: boolean): string {
  return [...Buffer.from(s, 'utf8')].map((b) => {
    const h = b.toString(16).padStart(2, '0');
    return `%${lowerHex ? h : h.toUpperCase()}`;
  }).join('');
}

function jsonUnicode(s: string, mask: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const escape = mask.length === 0 || mask[i % mask.length];
    const h = s.charCodeAt(i).toString(16).padStart(4, '0');
    out += escape ? `\\u${i % 2 ? h.toUpperCase() : h}` : JSON.stringify(s.charAt(i)).slice(1, -1);
  }
  return out;
}

// HTML Living Standard named references (a few, written out here rather than taken from src/).
const HTML_NAMES: Readonly<Record<string, string>> = {
  '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos', '/': 'sol', '=': 'equals', '+': 'plus', '%': 'percnt',
  ':': 'colon', '!': 'excl', '#': 'num', $: 'dollar', '(': 'lpar', ')': 'rpar', '*': 'ast', ',': 'comma', '.': 'period',
  ';': 'semi', '?': 'quest', '@': 'commat', '[': 'lsqb', ']': 'rsqb', '\\': 'bsol', _: 'lowbar', '`': 'grave',
  '{': 'lcub', '}': 'rcub', '|': 'verbar', '^': 'Hat', '\u00a0': 'nbsp', é: 'eacute', É: 'Eacute', ß: 'szlig', '€': 'euro', '-': 'hyphen',
};

function htmlEntities(s: string, style: 'decimal' | 'hex' | 'named', mask: readonly boolean[]): string {
  return [...s].map((c, i) => {
    const cp = c.codePointAt(0)!;
    const semicolon = style === 'named' || mask.length === 0 || mask[i % mask.length] ? ';' : '';
    if (style === 'named' && HTML_NAMES[c]) return `&${HTML_NAMES[c]};`;
    if (style === 'hex') return `&#${i % 2 ? 'X' : 'x'}${cp.toString(16)}${semicolon}`;
    return `&#${cp}${style === 'named' ? ';' : semicolon}`;
  }).join('');
}

function fold(s: string, width: number, separator: string): string {
  const parts: string[] = [];
  for (let i = 0; i < s.length; i += width) parts.push(s.slice(i, i + width));
  return parts.join(separator);
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** Every encoding under test: name → encoder (mask: per-character choices; width: folding). */
export const ENCODINGS: Readonly<Record<string, (s: string, mask: readonly boolean[], width: number) => string>> = {
  exact: (s) => s,
  upper: (s) => caseMapped(s, [true]),
  lower: (s) => caseMapped(s, [false]),
  'mixed case': (s, m) => caseMapped(s, m),
  'JSON string': (s) => JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
  'JSON \\u for every character': (s) => jsonUnicode(s, []),
  'JSON \\u for some characters': (s, m) => jsonUnicode(s, m),
  'percent, upper-case hex': (s) => utf8Percent(s, false),
  'percent, lower-case hex': (s) => utf8Percent(s, true),
  encodeURIComponent: (s) => encodeURIComponent(s),
  'form encoding (+ for space)': (s) => new URLSearchParams({ q: s }).toString().slice(2),
  'percent after a case change': (s, m) => utf8Percent(caseMapped(s, m), m[0] === true),
  base64: (s) => b64(s),
  'base64 without padding': (s) => b64(s).replace(/=+$/, ''),
  base64url: (s) => b64url(s),
  'base64url with padding': (s) => b64url(s) + '='.repeat((4 - (b64url(s).length % 4)) % 4),
  'Basic user:secret': (s) => `Basic ${b64(`user:${s}`)}`,
  'base64 inside a longer value': (s) => b64(`{"token":"${s}","x":1}`),
  'base64 folded at width': (s, _m, w) => fold(b64(s), w, '\r\n'),
  'HTML decimal': (s, m) => htmlEntities(s, 'decimal', m),
  'HTML hex': (s, m) => htmlEntities(s, 'hex', m),
  'HTML named': (s, m) => htmlEntities(s, 'named', m),
  'header folding': (s, _m, w) => fold(s, w, '\r\n '),
  'line folding': (s, _m, w) => fold(s, w, '\n'),
  // A JSON string whose value was folded: the characters are escaped, the line breaks are \n escapes between them.
  'JSON-escaped folding': (s, _m, w) => [...s].map((c) => JSON.stringify(c).slice(1, -1)).reduce((out, c, i) => out + (i > 0 && i % w === 0 ? '\\n' : '') + c, ''),
};

/** Characters secrets are drawn from: letters in both cases, digits, every encoding's specials, non-ASCII. */
const SECRET_CHAR = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefxyzABCDEFXYZ0123456789') },
  { weight: 3, arbitrary: fc.constantFrom(...'+/=-_.~!*\'()%&;#<>"\\:@?[]{}|^` \t') },
  { weight: 2, arbitrary: fc.constantFrom('é', 'É', 'ß', 'ñ', 'Ω', 'ω', '€', '😀', '中', '\u00a0', 'K', 'ſ', 'ǅ') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** A secret with at least 8 characters that count (whitespace and '+' are ignored when matching). */
export const SECRET = fc.string({ unit: SECRET_CHAR, minLength: 8, maxLength: 40 })
  .filter((s) => s.replace(/[\s+]/gu, '').length >= 8);

