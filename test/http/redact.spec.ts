/**
 * Redaction that cannot be dodged (issue 14 item 2): a secret is found whatever the letter case
 * and whatever encoding a server or renderer used — JSON escapes, percent-encoding, `+` for
 * space, base64/base64url with or without padding, HTML character references, line folding —
 * and the work stays linear in the text. The encoders here are written independently of
 * src/http/redact.ts, from the encodings' own definitions.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createRedactor, REDACTED, redactDeep, redactHeader } from '../../src/http/redact.js';

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

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
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

const CONTEXT = fc.constantFrom(
  ['{"detail":"invalid token ', '","status":"401"}'],
  ['Bearer ', ''],
  ['<p>', '</p>'],
  ['https://example.test/scim/v2/Users?token=', '&x=1'],
  ['', ''],
  ['text before: ', ' (after)'],
);

describe('http/redact', () => {
  it('property: no encoding of an arbitrary secret survives, in any context', () => {
    fc.assert(fc.property(
      SECRET, fc.constantFrom(...Object.keys(ENCODINGS)), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 76 }), CONTEXT,
      (secret, name, mask, width, [before, after]) => {
        const encoded = ENCODINGS[name]!(secret, mask, width);
        const out = createRedactor([`Bearer ${secret}`])(`${before}${encoded}${after}`);
        expect(out, name).to.contain(REDACTED);
        expect(out, name).not.to.contain(encoded);
        expect(out, name).not.to.contain(secret);
      },
    ), { numRuns: 5000 });
  });

  it('property: text without the secret is unchanged', () => {
    fc.assert(fc.property(SECRET, fc.string({ maxLength: 200 }), (secret, text) => {
      fc.pre(!text.toLowerCase().includes(secret.slice(0, 6).toLowerCase()));
      expect(createRedactor([secret])(text)).to.equal(text);
    }), { numRuns: 2000 });
  });

  const cases: readonly [string, string, string, string][] = [
    ['the exact value', 's3cr3t-Token', 'a s3cr3t-Token b', `a ${REDACTED} b`],
    ['another letter case', 's3cr3t-Token', 'S3CR3T-TOKEN', REDACTED],
    ['JSON \\/ and \\u escapes mixed', 'ab/cd"ef', 'x ab\\/c\\u0064\\"ef y', `x ${REDACTED} y`],
    ['a surrogate pair as two \\u escapes', 'key😀value', 'key\\ud83d\\ude00value', REDACTED],
    ['percent-encoded UTF-8, lower-case hex', 'clé-secrète', 'cl%c3%a9-secr%C3%A8te', REDACTED],
    ['+ for space', 'my secret pass', 'p=my+secret+pass&q=1', `p=${REDACTED}&q=1`],
    ['HTML named, decimal and hex references', 'a&b<c>d', '&#97;&amp;&#x62;&lt;c&gt;d', REDACTED],
    ['base64url without padding', 'tok?>>en', Buffer.from('tok?>>en').toString('base64url'), REDACTED],
    ['folded across header lines', 'abcdefghijkl', 'abcdef\r\n ghijkl', REDACTED],
    ['the credential after the scheme', 'Bearer abcd1234', 'token abcd1234 echoed', `token ${REDACTED} echoed`],
    ['the password inside a Basic credential', `Basic ${Buffer.from('admin:pa55word').toString('base64')}`, 'password pa55word', `password ${REDACTED}`],
  ];
  for (const [name, secret, text, expected] of cases) {
    it(`redacts ${name}`, () => {
      expect(createRedactor([secret])(text)).to.equal(expected);
    });
  }

  it('ignores secrets shorter than 4 characters, and empty ones', () => {
    expect(createRedactor(['abc', '', undefined])('abc abc')).to.equal('abc abc');
  });

  it('redactDeep keeps a __proto__ key a key, and redacts keys and values', () => {
    const value = JSON.parse('{"__proto__":{"tok-1234":"x tok-1234"}}') as unknown;
    const out = redactDeep(value, createRedactor(['tok-1234'])) as Record<string, unknown>;
    expect(JSON.stringify(out)).to.equal(`{"__proto__":{"${REDACTED}":"x ${REDACTED}"}}`);
  });

  it('redactHeader redacts credential headers wholesale, keeping the scheme', () => {
    const r = createRedactor(['zzzz-9999']);
    expect(redactHeader('Authorization', 'Bearer anything', r)).to.equal(`Bearer ${REDACTED}`);
    expect(redactHeader('X-Echo', 'ZZZZ-9999', r)).to.equal(REDACTED);
  });

  it('stays linear: 8 MiB of near-misses in every encoding is one pass, not one per form', () => {
    const secret = 'aaaaaaaaaaaaaaaaaaaaaaab';
    const redact = createRedactor([secret, 'Bearer aaaaaaaaaaaaaaaaaaaaaaac', 'aaaaaaaaaaaaaaaaaaaaaaad']);
    const chunk = `${'a'.repeat(60)}%61%41\\u0061&#97;&amp; `;
    const text = chunk.repeat(Math.ceil((8 * 1024 * 1024) / chunk.length)) + secret;
    const started = process.cpuUsage();
    const out = redact(text);
    const used = process.cpuUsage(started);
    const ms = (used.user + used.system) / 1000;
    expect(out.endsWith(REDACTED)).to.equal(true);
    // CPU time, not wall time (the machine is shared). A quadratic or per-form-per-secret scan takes
    // minutes here; the linear passes take well under a second.
    expect(ms).to.be.below(5000);
  });
});
