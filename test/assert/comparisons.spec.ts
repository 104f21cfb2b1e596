/**
 * Every Runscope comparison, table-driven, with the edge cases okta-runscope.md §10 leaves open:
 * booleans and numbers against strings, numeric strings, [] and {} for (not_)empty, arrays for
 * contains, missing properties.
 */
import { expect } from 'chai';
import { missing, present, type Actual } from '../../src/assert/actual.js';
import { COMPARISON_NAMES, COMPARISONS, isComparisonName } from '../../src/assert/comparisons/registry.js';
import type { ComparisonName } from '../../src/model/suite.js';

const MISSING = missing('x is missing');
type Row = [actual: Actual, expected: string | null, ok: boolean, note?: string];
const v = (value: unknown): Actual => present(value);

const TABLES: Record<ComparisonName, Row[]> = {
  equal: [
    [v('abc'), 'abc', true],
    [v('abc'), 'ABC', false, 'case-sensitive'],
    [v(true), 'true', true, 'JSON true is "true" (Okta: active equal "true")'],
    [v(false), 'false', true],
    [v(true), 'True', false],
    [v(401), '401', true, 'a numeric status equals "401" (RFC 7644 says string, servers send numbers)'],
    [v('401'), '401', true],
    [v(0), '0', true, 'totalResults 0 equals "0"'],
    [v(1.5), '1.5', true],
    [v(1), '1.0', false, 'string comparison: use equal_number for numbers'],
    [v(null), 'null', true],
    [v(null), '', false],
    [v(['a', 'b']), '["a","b"]', true, 'arrays compare as compact JSON'],
    [v({ a: 1 }), '{"a":1}', true],
    [v(''), '', true],
    [v(''), null, true, 'a null value counts as ""'],
    [MISSING, '', false, 'a missing property equals nothing'],
    [MISSING, 'null', false],
  ],
  not_equal: [
    [v('abc'), 'abd', true],
    [v('abc'), 'abc', false],
    [v(true), 'true', false],
    [v(42), '42', false],
    [v(42), '42.0', true],
    [MISSING, 'x', true, 'a missing property is not equal to anything'],
  ],
  equal_number: [
    [v(200), '200', true],
    [v(200), '200.0', true, 'numeric: "1.000" equals "1"'],
    [v('200'), '200', true, 'a numeric string converts'],
    [v(' 7 '), '7', true],
    [v(0), '0', true],
    [v(0), '-0', true],
    [v(1e3), '1000', true],
    [v('1e3'), '1000', true],
    [v(200), '201', false],
    [v('abc'), '0', false, 'text is not a number'],
    [v(''), '0', false, 'the empty string is not 0'],
    [v(true), '1', false, 'a boolean is not a number'],
    [v(null), '0', false],
    [v([1]), '1', false],
    [v(200), 'abc', false, 'a non-numeric expected value fails'],
    [v(200), null, false],
    [MISSING, '0', false],
  ],
  empty: [
    [v(''), null, true],
    [v(null), null, true],
    [v([]), null, true, '[] is empty'],
    [v({}), null, true, '{} is empty'],
    [v(' '), null, false],
    [v(0), null, false, '0 is a value'],
    [v(false), null, false, 'false is a value'],
    [v([null]), null, false],
    [MISSING, null, false, 'Runscope: "the actual value exists and is an empty string or null"'],
  ],
  not_empty: [
    [v('x'), null, true],
    [v(0), null, true],
    [v(false), null, true, 'active: false is not empty'],
    [v([1]), null, true],
    [v({ a: 1 }), null, true],
    [v(''), null, false],
    [v(null), null, false],
    [v([]), null, false, 'Resources: [] is empty (Okta wants at least one user)'],
    [v({}), null, false],
    [MISSING, null, false],
  ],
  contains: [
    [v('hello world'), 'lo wo', true],
    [v('hello'), 'Hello', false],
    [v('hello'), '', true],
    [v(['urn:a', 'urn:b']), 'urn:b', true, 'arrays: an element contains it'],
    [v(['urn:a', 'urn:b']), 'urn', true],
    [v(['urn:a', 'urn:b']), 'urn:a","urn:b', false, 'not across elements'],
    [v([1, 22]), '2', true],
    [v(12345), '234', true],
    [v(true), 'ru', true],
    [v({ key: 'value' }), 'key', true, 'objects: their JSON text'],
    [v(null), 'nul', true],
    [MISSING, 'x', false],
  ],
  does_not_contain: [
    [v('hello'), 'xyz', true],
    [v('hello'), 'ell', false],
    [v(['a', 'b']), 'c', true],
    [v(['a', 'b']), 'b', false],
    [MISSING, 'x', true, 'nothing contains nothing'],
  ],
  has_value: [
    [v(['urn:a', 'urn:b']), 'urn:a', true],
    [v(['urn:a']), 'urn', false, 'an element, not a substring'],
    [v([1, 2]), '2', true, 'elements compare as strings'],
    [v([true]), 'true', true],
    [v([null]), 'null', true],
    [v({ a: 'x', b: 2 }), 'x', true, 'Runscope: "a list or dictionary … any of the values"'],
    [v({ a: 'x', b: 2 }), '2', true],
    [v({ a: 'x' }), 'a', false, 'keys are not values'],
    [v([]), 'x', false],
    [v('urn:a'), 'urn:a', false, 'a string is not a list'],
    [v(null), 'null', false],
    [MISSING, 'x', false],
  ],
  has_key: [
    [v({ id: 1 }), 'id', true],
    [v({ id: null }), 'id', true],
    [v({ id: 1 }), 'ID', false, 'exact'],
    [v({}), 'id', false],
    [v(['id']), '0', false, 'a list has no keys'],
    [v('id'), 'id', false],
    [v(null), 'id', false],
    [MISSING, 'id', false],
  ],
  is_null: [
    [v(null), null, true],
    [MISSING, null, true, 'a missing attribute is null (RFC 7643 §2.5: unassigned ≡ null)'],
    [v(''), null, false],
    [v(0), null, false],
    [v('null'), null, false],
    [v([]), null, false],
  ],
  is_a_number: [
    [v(1), null, true],
    [v(-1.5e3), null, true],
    [v(0), null, true],
    [v('42'), null, true, 'Runscope: "is (or can be cast to) a valid numeric value"'],
    [v('-0.5'), null, true],
    [v(' 3 '), null, true],
    [v('1e5'), null, true],
    [v('12abc'), null, false],
    [v(''), null, false],
    [v('NaN'), null, false],
    [v('Infinity'), null, false],
    [v(true), null, false],
    [v(null), null, false],
    [v([1]), null, false],
    [MISSING, null, false],
  ],
  is_less_than: [
    [v(599), '600', true],
    [v(600), '600', false],
    [v('5'), '10', true, 'numeric, not string, order'],
    [v('abc'), '10', false],
    [v(1), 'x', false],
    [MISSING, '1', false],
  ],
  is_less_than_or_equal: [
    [v(600), '600', true],
    [v(601), '600', false],
    [v('600.0'), '600', true],
    [MISSING, '1', false],
  ],
  is_greater_than: [
    [v(2), '1', true],
    [v(1), '1', false],
    [v('10'), '9', true, 'numeric, not string, order'],
    [v(true), '0', false],
    [MISSING, '0', false],
  ],
  is_greater_than_or_equal: [
    [v(1), '1', true],
    [v(0.5), '1', false],
    [v('-1'), '-2', true],
    [MISSING, '0', false],
  ],
};

describe('comparisons', () => {
  it('has one definition per Runscope comparison name, and only those', () => {
    expect([...COMPARISON_NAMES].sort()).to.deep.equal(Object.keys(TABLES).sort());
    for (const name of COMPARISON_NAMES) expect(COMPARISONS[name].name).to.equal(name);
    expect(isComparisonName('equal')).to.equal(true);
    expect(isComparisonName('equals')).to.equal(false);
    expect(isComparisonName('toString')).to.equal(false);
  });

  it('knows which comparisons take a value', () => {
    const valueless = COMPARISON_NAMES.filter((n) => !COMPARISONS[n].takesValue).sort();
    expect(valueless).to.deep.equal(['empty', 'is_a_number', 'is_null', 'not_empty']);
  });

  for (const [name, rows] of Object.entries(TABLES) as [ComparisonName, Row[]][]) {
    describe(name, () => {
      for (const [actual, expected, ok, note] of rows) {
        const shown = actual.kind === 'missing' ? '(missing)' : JSON.stringify(actual.value);
        it(`${shown} ${name}${expected === null ? '' : ` ${JSON.stringify(expected)}`} → ${ok ? 'pass' : 'fail'}${note ? ` — ${note}` : ''}`, () => {
          const outcome = COMPARISONS[name].compare(actual, expected);
          expect(outcome.ok).to.equal(ok);
          if (!outcome.ok) expect(outcome.message).to.be.a('string').and.not.equal('');
        });
      }
    });
  }

  it('says what was expected and what was found', () => {
    const out = COMPARISONS.equal.compare(v(true), 'false');
    expect(out.ok ? '' : out.message).to.equal('expected "false" but got true');
    const missingOut = COMPARISONS.not_empty.compare(missing('Resources[0] is missing (Resources has 0 elements)'), null);
    expect(missingOut.ok ? '' : missingOut.message).to.equal('expected a value but Resources[0] is missing (Resources has 0 elements)');
    const long = COMPARISONS.equal.compare(v('x'.repeat(500)), 'y');
    expect(long.ok ? '' : long.message.length).to.be.below(200);
  });
});
