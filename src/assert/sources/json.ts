/** `response_json`: a JavaScript-style path into the parsed body (json-path.ts). */
import { missing } from '../actual.js';
import { readPath } from '../json-path.js';
import type { SourceDefinition } from './definition.js';

export const responseJson: SourceDefinition = {
  name: 'response_json',
  read(r, property) {
    if (!r.json.ok) return missing(r.json.error);
    return readPath(r.json.value, property ?? '');
  },
};
