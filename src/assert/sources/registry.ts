import type { SourceName } from '../../model/suite.js';
import type { SourceDefinition } from './definition.js';
import { responseHeaders } from './headers.js';
import { responseJson } from './json.js';
import { responseSize } from './size.js';
import { responseStatus } from './status.js';
import { responseText } from './text.js';
import { responseTime } from './time.js';

export const SOURCES: Readonly<Record<SourceName, SourceDefinition>> = {
  response_status: responseStatus,
  response_json: responseJson,
  response_headers: responseHeaders,
  response_text: responseText,
  response_time: responseTime,
  response_size: responseSize,
};
