/** `response_headers`: a header by case-insensitive name; repeated headers are joined with ", ". */
import { missing, present } from '../actual.js';
import { headerValue } from '../response-view.js';
import type { SourceDefinition } from './definition.js';

export const responseHeaders: SourceDefinition = {
  name: 'response_headers',
  read(r, property) {
    const value = headerValue(r.headers, property ?? '');
    return value === undefined ? missing(`header ${property ?? ''} is absent`) : present(value);
  },
};
