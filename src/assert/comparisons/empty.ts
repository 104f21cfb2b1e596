/**
 * `empty`: the property is missing, null, "", [] or {} (convert.ts `isEmptyValue`).
 * false and 0 are values, not empty.
 */
import { describeValue, isEmptyValue } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const empty: ComparisonDefinition = {
  name: 'empty',
  takesValue: false,
  compare(actual) {
    if (actual.kind === 'missing' || isEmptyValue(actual.value)) return ok;
    return notOk(`expected an empty value but got ${describeValue(actual.value)}`);
  },
};
