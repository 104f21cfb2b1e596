/** SCIM 2.0 knowledge (RFC 7643 / RFC 7644): pure, shared by the runner and the reference server. */
export * from './urns.js';
export * from './media-type.js';
export * from './json-value.js';
export * from './errors.js';
export * from './schemas.js';
export * from './attribute-path.js';
export * from './resource-input.js';
export * from './filter.js';
export * from './patch.js';
export * from './projection.js';
export * from './sort.js';
export * from './base-url.js';
