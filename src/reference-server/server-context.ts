import type { DefectName } from './defects.js';
import type { ResourceStore } from './resource-store.js';

/** What every request handler of the reference server can see. */
export interface ServerContext {
  /** Absolute base URL, e.g. `http://127.0.0.1:41234/scim/v2` (no trailing slash). */
  readonly baseUrl: string;
  /** Bearer token every request must present (RFC7644-2). */
  readonly token: string;
  /** Active defect profiles; empty for the RFC-correct server. */
  readonly defects: ReadonlySet<DefectName>;
  /**
   * Interop mode: the server also follows the SCIM interoperability profile draft
   * (interop-rules.ts), which Okta and Entra cannot provision (it refuses path-less PATCH).
   */
  readonly interop: boolean;
  /** The custom-extension variant (custom-extension.ts): Users require a vendor extension attribute. */
  readonly customExtension: boolean;
  /** The in-memory resources. */
  readonly store: ResourceStore;
}
