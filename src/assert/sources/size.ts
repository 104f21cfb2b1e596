/** `response_size`: body size in bytes as received (before any cap). */
import { present } from '../actual.js';
import type { SourceDefinition } from './definition.js';

export const responseSize: SourceDefinition = { name: 'response_size', read: (r) => present(r.sizeBytes) };
