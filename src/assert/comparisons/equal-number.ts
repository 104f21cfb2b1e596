/**
 * `equal_number`: both sides convert to numbers (JSON numbers or numeric strings, see
 * convert.ts `numberForm`) and are numerically equal: `200` equals "200" and "200.0".
 * Fails when either side is not numeric.
 */
import { describeValue, numberForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const equalNumber: ComparisonDefinition = {
  name: 'equal_number',
  takesValue: true,
  compare(actual, expected) {
    const want = numberForm(expected);
    if (want === undefined) return notOk(`expected value ${JSON.stringify(expected)} is not a number`);
    if (actual.kind === 'missing') return notOk(`expected ${want} but ${actual.why}`);
    const got = numberForm(actual.value);
    if (got === undefined) return notOk(`expected the number ${want} but got ${describeValue(actual.value)}, which is not a number`);
    return got === want ? ok : notOk(`expected ${want} but got ${describeValue(actual.value)}`);
  },
};
