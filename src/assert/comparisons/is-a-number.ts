/**
 * `is_a_number`: the property "can be converted to a numeric value" (vendor wording): a JSON
 * number or a numeric string (convert.ts `numberForm`). Stricter JSON-type checks live in
 * native suites' `verify` functions, where RFC 7644 demands integers.
 */
import { describeValue, numberForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

export const isANumber: ComparisonDefinition = {
  name: 'is_a_number',
  takesValue: false,
  compare(actual) {
    if (actual.kind === 'missing') return notOk(`expected a number but ${actual.why}`);
    return numberForm(actual.value) === undefined ? notOk(`expected a number but got ${describeValue(actual.value)}`) : ok;
  },
};
