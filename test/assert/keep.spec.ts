/**
 * What a report keeps of a value (issue 14 item 3): one cap per value, work bounded by the cap,
 * redaction before anything is kept — src/assert/keep.ts and capRedacted in src/http/cap.ts.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { boundedJson, isTruncatedActual, keepActual, keepAssertion, keepText, KEPT_VALUE_CHARS } from '../../src/assert/keep.js';
import { capRedacted, REPORT_BODY_CAP_BYTES } from '../../src/http/cap.js';
import { createRedactor, REDACTED } from '../../src/http/redact.js';
import { formatActual } from '../../src/report/format.js';

const SECRET = 'keep-spec-secret-7f3a';
const redact = createRedactor([`Bearer ${SECRET}`]);

describe('assert/keep', () => {
  it('property: boundedJson is JSON.stringify, cut at the bound', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 300 }), (value, max) => {
      const full = JSON.stringify(value);
      const bounded = boundedJson(value, max);
      expect(bounded.complete).to.equal(full.length <= max);
      expect(bounded.text).to.equal(bounded.complete ? full : full.slice(0, max));
    }), { numRuns: 3000 });
  });

  it('boundedJson does not serialise past the bound (a 10^6-element array costs as a small one)', () => {
    const huge = new Array<number>(1_000_000).fill(0);
    let reads = 0;
    const counted = new Proxy(huge, { get: (t, k, r) => { if (typeof k === 'string' && /^\d+$/.test(k)) reads += 1; return Reflect.get(t, k, r) as unknown; } });
    expect(boundedJson(counted, 100).text).to.equal(`[${'0,'.repeat(50)}`.slice(0, 100));
    expect(reads).to.be.below(100);
  });

  it('keeps a small actual as it is, redacted; a large one as the start of its JSON', () => {
    expect(keepActual({ a: [1, 'x'] }, redact)).to.deep.equal({ a: [1, 'x'] });
    expect(keepActual(`token ${SECRET}`, redact)).to.equal(`token ${REDACTED}`);
    const large = keepActual({ Resources: new Array<number>(1_000_000).fill(7), detail: SECRET }, redact);
    expect(isTruncatedActual(large)).to.equal(true);
    if (!isTruncatedActual(large)) return;
    expect(large.jsonPrefix).to.have.length(KEPT_VALUE_CHARS);
    expect(large.jsonPrefix.startsWith('{"Resources":[7,7,7')).to.equal(true);
    expect(formatActual(large)).to.match(/^\{"Resources":\[7,7,.*… \(cut at 4096 characters\)$/);
  });

  it('a secret straddling the cut is redacted before the cut, never kept in part', () => {
    const text = `${'x'.repeat(KEPT_VALUE_CHARS - 5)}${SECRET}${'y'.repeat(100)}`;
    const kept = keepText(text, redact);
    expect(kept).not.to.contain(SECRET.slice(0, 5));
    expect(kept.startsWith('x'.repeat(KEPT_VALUE_CHARS - 5) + REDACTED.slice(0, 5))).to.equal(true);
    const actual = keepActual([text], redact);
    expect(JSON.stringify(actual)).not.to.contain(SECRET.slice(0, 5));
  });

  it('keepAssertion caps and redacts every server-derived field', () => {
    const long = `${SECRET} ${'z'.repeat(10_000)}`;
    const kept = keepAssertion({ title: long, source: 'verify', level: 'required', verdict: 'fail', expected: long, actual: long, message: long }, redact);
    for (const field of [kept.title, kept.expected, kept.message]) {
      expect(field).to.contain(REDACTED).and.not.contain(SECRET);
      expect(field!.length).to.be.below(KEPT_VALUE_CHARS + 40);
    }
  });

  it('capRedacted redacts only what is kept, and counts the cut from the body as received', () => {
    const body = `${'a'.repeat(REPORT_BODY_CAP_BYTES - 3)}${SECRET}${'é'.repeat(4_000_000)}`;
    const kept = capRedacted(body, redact);
    expect(kept.text).not.to.contain(SECRET.slice(0, 3));
    expect(Buffer.byteLength(kept.text)).to.be.at.most(REPORT_BODY_CAP_BYTES);
    expect(kept.truncatedBytes).to.equal(Buffer.byteLength(body) - Buffer.byteLength(kept.text));
    expect(capRedacted(`short ${SECRET}`, redact)).to.deep.equal({ text: `short ${REDACTED}`, truncatedBytes: 0 });
  });
});
