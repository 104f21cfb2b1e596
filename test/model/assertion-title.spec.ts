/**
 * An assertion's title (src/model/result.ts) echoes it: source, property, comparison and the
 * expected value as JSON, the absent and empty parts left out. It is joined part by part for
 * speed; a property test holds it to the plain array-filter-join it replaced.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { assertionTitle } from '../../src/model/result.js';
import type { Assertion } from '../../src/model/suite.js';

const joined = (a: Assertion): string =>
  [a.source, a.property, a.comparison, a.value === null ? undefined : JSON.stringify(a.value)]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');

describe('assertionTitle', () => {
  it('names source, property, comparison and the expected value as JSON', () => {
    expect(assertionTitle({ source: 'response_status', comparison: 'equal_number', value: '201' })).to.equal('response_status equal_number "201"');
    expect(assertionTitle({ source: 'response_json', property: 'Resources[0].id', comparison: 'not_empty', value: null })).to.equal('response_json Resources[0].id not_empty');
    expect(assertionTitle({ source: 'response_json', property: '', comparison: 'equal', value: '' })).to.equal('response_json equal ""');
  });

  it('property: the same text as the array, filter and join it replaced', () => {
    const part = fc.oneof(fc.constant(''), fc.string());
    fc.assert(fc.property(part, fc.option(part, { nil: undefined }), part, fc.option(fc.string(), { nil: null }), (source, property, comparison, value) => {
      const a = { source, comparison, value, ...(property === undefined ? {} : { property }) } as unknown as Assertion;
      expect(assertionTitle(a)).to.equal(joined(a));
    }));
  });
});
