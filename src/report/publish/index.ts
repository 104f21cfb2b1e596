/** Static publishing of the report site. */
export { publishSite, PublishTargetError, SITE_MARKER, type PublishOptions, type PublishResult } from './publish-site.js';
