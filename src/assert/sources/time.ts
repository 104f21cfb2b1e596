/** `response_time`: milliseconds from sending the request to the end of the body. */
import { present } from '../actual.js';
import type { SourceDefinition } from './definition.js';

export const responseTime: SourceDefinition = { name: 'response_time', read: (r) => present(Math.round(r.timeMs)) };
