/**
 * Redaction that cannot be dodged (issue 14 item 2): a secret is found whatever the letter case
 * and whatever encoding a server or renderer used — JSON escapes, percent-encoding, `+` for
 * space, base64/base64url with or without padding, HTML character references, line folding —
 * and the work stays linear in the text. The encoders here are written independently of
 * src/http/redact.ts, from the encodings' own definitions.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createRedactor, folds, REDACTED, redactDeep, redactHeader } from '../../src/http/redact.js';
import { ENCODINGS, SECRET } from './secret-encodings.js';

const CONTEXT = fc.constantFrom(
  ['{"detail":"invalid token ', '","status":"401"}'],
  ['Bearer ', ''],
  ['<p>', '</p>'],
  ['https://example.test/scim/v2/Users?token=', '&x=1'],
  ['', ''],
  ['text before: ', ' (after)'],
  // A JSON body whose other escapes are the inert \" \\ \/ (a W/"…" version, a path).
  ['{"version":"W/\\"a1\\"","path":"\\/Users\\\\x","detail":"', '","etag":"W/\\"b2\\""}'],
);

describe('http/redact', () => {
  it('folds every UTF-16 code unit as casing it on its own does (the table is built 64 units at a time)', () => {
    const ignored = new Set([0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x2b, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
    for (let c = 0x2000; c <= 0x200a; c += 1) ignored.add(c);
    const table = folds();
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c += 1) {
      let expected: number;
      if (ignored.has(c)) expected = 0;
      else if (c >= 0xd800 && c <= 0xdfff) expected = c;
      else {
        const ch = String.fromCharCode(c);
        const upper = ch.toUpperCase();
        const lower = (upper.length === 1 ? upper : ch).toLowerCase();
        expected = lower.length === 1 ? lower.charCodeAt(0) : ch.toLowerCase().length === 1 ? ch.toLowerCase().charCodeAt(0) : c;
      }
      if (table[c] !== expected) wrong.push(`U+${c.toString(16)}: ${table[c]} not ${expected}`);
    }
    expect(wrong).to.deep.equal([]);
    // The cases the block build must not get wrong: final sigma, a capital whose lower case is two units, ß.
    expect([table[0x3a3], table[0x3c2], table[0x130], table[0xdf], table[0x41]]).to.deep.equal([0x3c3, 0x3c3, 0x130, 0xdf, 0x61]);
  });

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
    ['a quote escaped in a body whose other escapes are \\"', 'pa"ss-word', '{"v":"W/\\"1\\"","p":"pa\\"ss-word"}', `{"v":"W/\\"1\\"","p":"${REDACTED}"}`],
    ['a \\/ inside a base64 secret, in a body with \\" escapes', Buffer.from([0x61, 0xff, 0xff, 0x62, 0x63, 0x64]).toString('base64'), `{"v":"W/\\"1\\"","k":"${Buffer.from([0x61, 0xff, 0xff, 0x62, 0x63, 0x64]).toString('base64').replace(/\//g, '\\/')}"}`, `{"v":"W/\\"1\\"","k":"${REDACTED}"}`],
    ['a secret folded by a \\n escape, in a body with \\" escapes', 'abcdefghijkl', '{"v":"W/\\"1\\"","d":"abcdef\\nghijkl"}', `{"v":"W/\\"1\\"","d":"${REDACTED}"}`],
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

  it('property: a secret is redacted in a JSON body among \\" \\\\ \\/ escapes and the bare characters', () => {
    // Escapes whose characters no secret form holds let the decoded pass be skipped (they are
    // barriers either way); a secret that holds one of them is still decoded and found.
    const piece = fc.constantFrom('\\"', '\\\\', '\\/', 'ab', 'cd', ' ', 'x', '"', '/');
    fc.assert(fc.property(SECRET, fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 12 }), (secret, left, right) => {
      const body = `${left.join('')}${secret}${right.join('')}`;
      const out = createRedactor([secret])(body);
      expect(out).to.contain(REDACTED);
      expect(out).not.to.contain(secret);
    }), { numRuns: 3000 });
  });

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
