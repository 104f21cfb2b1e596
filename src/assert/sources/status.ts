/** `response_status`: the HTTP status code as a number. */
import { present } from '../actual.js';
import type { SourceDefinition } from './definition.js';

export const responseStatus: SourceDefinition = { name: 'response_status', read: (r) => present(r.status) };
