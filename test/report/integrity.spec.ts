import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { canonicalJson, computeIntegrity, verifyIntegrity, withIntegrity } from '../../src/report/integrity.js';
import { golden } from './golden.js';
import { copyOf, maximalReport } from './maximal-report.js';

type Json = Record<string, unknown>;

/** The same JSON value with object keys in reverse order at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

const EDITS: readonly { readonly name: string; readonly edit: (r: Json) => void }[] = [
  { name: 'the summary verdict', edit: (r) => { (r['summary'] as Json)['verdict'] = 'pass'; } },
  { name: 'a count', edit: (r) => { ((r['summary'] as Json)['counts'] as Json)['fail'] = 0; } },
  { name: 'a step verdict', edit: (r) => { ((r['suites'] as Json[])[0]!['steps'] as Json[])[1]!['verdict'] = 'pass'; } },
  { name: 'one character of a response body', edit: (r) => {
    const body = ((((r['suites'] as Json[])[0]!['steps'] as Json[])[1]!['exchange'] as Json)['response'] as Json)['body'] as Json;
    body['text'] = (body['text'] as string).replace('jdoe', 'jdoE');
  } },
  { name: 'an added property', edit: (r) => { (r['meta'] as Json)['note'] = 'edited'; } },
  { name: 'a removed optional property', edit: (r) => { delete ((r['meta'] as Json)['target'] as Json)['oktaOrgUrl']; } },
  { name: 'a removed step', edit: (r) => { ((r['suites'] as Json[])[0]!['steps'] as Json[]).pop(); } },
  { name: 'the step order', edit: (r) => { ((r['suites'] as Json[])[0]!['steps'] as Json[]).reverse(); } },
  { name: 'complete', edit: (r) => { r['complete'] = false; } },
  { name: 'a number by a tiny amount', edit: (r) => { (r['meta'] as Json)['durationMs'] = 3210.0001; } },
  { name: 'the integrity value itself', edit: (r) => { r['integrity'] = `sha256-${'A'.repeat(43)}=`; } },
];

describe('report/integrity', () => {
  it('adds sha256-<base64> without changing the input', () => {
    const report = golden('failing');
    const before = JSON.stringify(report);
    const stamped = withIntegrity(report);
    expect(stamped.integrity).to.match(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(report)).to.equal(before);
    expect(verifyIntegrity(stamped)).to.equal(true);
  });

  it('is computed without the integrity field, so stamping twice gives the same value', () => {
    const once = withIntegrity(golden('failing'));
    expect(withIntegrity(once).integrity).to.equal(once.integrity);
    expect(computeIntegrity(once)).to.equal(once.integrity);
  });

  it('survives a JSON round trip, key reordering and re-indentation', () => {
    const stamped = withIntegrity(golden('hostile'));
    for (const text of [JSON.stringify(stamped), JSON.stringify(stamped, null, 2), JSON.stringify(reversedKeys(stamped))]) {
      expect(verifyIntegrity(JSON.parse(text) as RunReport)).to.equal(true);
    }
  });

  it('verifies the value stored in the golden passing report', () => {
    expect(verifyIntegrity(golden('passing'))).to.equal(true);
  });

  it('is false when the report has no integrity', () => {
    expect(verifyIntegrity(golden('failing'))).to.equal(false);
  });

  for (const { name, edit } of EDITS) {
    it(`detects an edit of ${name}`, () => {
      const edited = copyOf(withIntegrity(golden('failing'))) as unknown as Json;
      edit(edited);
      expect(verifyIntegrity(edited as unknown as RunReport)).to.equal(false);
    });
  }

  it('differs between different reports', () => {
    expect(computeIntegrity(golden('failing'))).not.to.equal(computeIntegrity(golden('passing')));
    expect(computeIntegrity(maximalReport)).not.to.equal(maximalReport.integrity);
  });

  describe('canonicalJson', () => {
    const cases: readonly [string, unknown, string][] = [
      ['sorts keys at every depth', { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}'],
      ['keeps array order', [3, 1, 2], '[3,1,2]'],
      ['drops undefined properties as JSON does', { a: undefined, b: 1 }, '{"b":1}'],
      ['escapes lone surrogates (well-formed JSON.stringify)', { s: '\ud800' }, '{"s":"\\ud800"}'],
      ['sorts by code unit, not locale', { b: 1, B: 2, a: 3, é: 4 }, '{"B":2,"a":3,"b":1,"é":4}'],
      ['has no whitespace', { a: [1, { b: 'x y' }] }, '{"a":[1,{"b":"x y"}]}'],
    ];
    for (const [name, value, expected] of cases) {
      it(name, () => {
        expect(canonicalJson(value)).to.equal(expected);
      });
    }
  });
});
