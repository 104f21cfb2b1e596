import type { ComparisonName } from '../../model/suite.js';
import type { Actual, ComparisonOutcome } from '../actual.js';

/** One comparison (ajv's keyword-per-file pattern). `compare` is pure and never throws. */
export interface ComparisonDefinition {
  readonly name: ComparisonName;
  readonly takesValue: boolean;
  /** `expected` is already rendered; null for comparisons that take no value. */
  compare(actual: Actual, expected: string | null): ComparisonOutcome;
}
