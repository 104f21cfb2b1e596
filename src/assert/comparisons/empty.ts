/**
 * `empty`: the property exists and is null, "", [] or {} (convert.ts `isEmptyValue`). Runscope:
 * "The actual value exists and is an empty string or null" (help.blazemeter.com, "Validating
 * Responses with Assertions"), so a missing property fails. [] and {} count as empty to mirror
 * `not_empty` (okta-runscope.md §10 q1); false and 0 are values, not empty.
 */
import { describeValue, isEmptyValue } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const empty: ComparisonDefinition = {
  name: 'empty',
  takesValue: false,
  compare(actual) {
    if (actual.kind === 'missing') return notOk(`expected an empty value but ${actual.why}`);
    if (isEmptyValue(actual.value)) return ok;
    return notOk(`expected an empty value but got ${describeValue(actual.value)}`);
  },
};
