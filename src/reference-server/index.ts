/** The in-memory SCIM 2.0 reference server and its defect profiles. */
export { startReferenceServer, type ReferenceOAuth, type ReferenceServer, type ReferenceServerOptions } from './start-reference-server.js';
export type { ReferenceOAuthOptions } from './oauth-authority.js';
export { DEFECT_NAMES, describeDefect, isDefectName, isInteropDefect, type DefectDescription, type DefectName } from './defects.js';
export type { RecordedRequest } from './recorded-request.js';
