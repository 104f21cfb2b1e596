/**
 * `is_less_than`, `is_less_than_or_equal`, `is_greater_than`, `is_greater_than_or_equal`:
 * numeric comparisons; both sides must convert to numbers (convert.ts `numberForm`), else fail.
 * One file for the four because they differ only in the operator.
 */
import type { ComparisonName } from '../../model/suite.js';
import { describeValue, numberForm } from '../convert.js';
import { notOk, ok } from '../actual.js';
import type { ComparisonDefinition } from './definition.js';

function ordering(name: ComparisonName, words: string, holds: (a: number, b: number) => boolean): ComparisonDefinition {
  return {
    name,
    takesValue: true,
    compare(actual, expected) {
      const bound = numberForm(expected);
      if (bound === undefined) return notOk(`expected value ${JSON.stringify(expected)} is not a number`);
      if (actual.kind === 'missing') return notOk(`expected a number ${words} ${bound} but ${actual.why}`);
      const got = numberForm(actual.value);
      if (got === undefined) return notOk(`expected a number ${words} ${bound} but got ${describeValue(actual.value)}`);
      return holds(got, bound) ? ok : notOk(`expected a number ${words} ${bound} but got ${got}`);
    },
  };
}

export const isLessThan = ordering('is_less_than', 'less than', (a, b) => a < b);
export const isLessThanOrEqual = ordering('is_less_than_or_equal', 'at most', (a, b) => a <= b);
export const isGreaterThan = ordering('is_greater_than', 'greater than', (a, b) => a > b);
export const isGreaterThanOrEqual = ordering('is_greater_than_or_equal', 'at least', (a, b) => a >= b);
