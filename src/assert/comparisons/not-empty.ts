/**
 * `not_empty`: the property exists and is not null, "", [] or {}. A deliberate choice
 * (okta-runscope.md §10 q1): `Resources: []` is empty, as Okta's "at least one user" intent
 * needs; `active: false` and `0` are not empty.
 */
import { describeValue, isEmptyValue } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const notEmpty: ComparisonDefinition = {
  name: 'not_empty',
  takesValue: false,
  compare(actual) {
    if (actual.kind === 'missing') return notOk(`expected a value but ${actual.why}`);
    return isEmptyValue(actual.value) ? notOk(`expected a non-empty value but got ${describeValue(actual.value)}`) : ok;
  },
};
