import type { ComparisonName } from '../../model/suite.js';
import type { ComparisonDefinition } from './definition.js';
import { contains } from './contains.js';
import { doesNotContain } from './does-not-contain.js';
import { empty } from './empty.js';
import { equal } from './equal.js';
import { equalNumber } from './equal-number.js';
import { hasKey } from './has-key.js';
import { hasValue } from './has-value.js';
import { isANumber } from './is-a-number.js';
import { isNull } from './is-null.js';
import { notEmpty } from './not-empty.js';
import { notEqual } from './not-equal.js';
import { isGreaterThan, isGreaterThanOrEqual, isLessThan, isLessThanOrEqual } from './ordering.js';

/** Every Runscope comparison, by its export name. */
export const COMPARISONS: Readonly<Record<ComparisonName, ComparisonDefinition>> = {
  equal,
  not_equal: notEqual,
  equal_number: equalNumber,
  empty,
  not_empty: notEmpty,
  contains,
  does_not_contain: doesNotContain,
  has_value: hasValue,
  has_key: hasKey,
  is_null: isNull,
  is_a_number: isANumber,
  is_less_than: isLessThan,
  is_less_than_or_equal: isLessThanOrEqual,
  is_greater_than: isGreaterThan,
  is_greater_than_or_equal: isGreaterThanOrEqual,
};

export const COMPARISON_NAMES = Object.keys(COMPARISONS) as ComparisonName[];

export function isComparisonName(name: string): name is ComparisonName {
  return Object.hasOwn(COMPARISONS, name);
}
