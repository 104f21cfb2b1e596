import type { SourceName } from '../../model/suite.js';
import type { Actual } from '../actual.js';
import type { ResponseView } from '../response-view.js';

/** One assertion source: reads the actual value from a response. Pure; throws only InvalidPathError. */
export interface SourceDefinition {
  readonly name: SourceName;
  read(response: ResponseView, property: string | undefined): Actual;
}
