/** `response_text`: the body as text. */
import { present } from '../actual.js';
import type { SourceDefinition } from './definition.js';

export const responseText: SourceDefinition = { name: 'response_text', read: (r) => present(r.text) };
