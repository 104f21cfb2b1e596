/**
 * The OIN submission manifest: what the OIN Wizard asks for when an ISV submits a SCIM
 * (optionally also SSO) integration, as one JSON file the readiness check reads
 * (docs/submission-manifest.md). Plain data types; the JSON Schema is in manifest-schema.ts
 * and is tied to these types by `JSONSchemaType`.
 *
 * Secrets are never in the manifest: the test account's password and the Okta API token are
 * read from environment variables the manifest NAMES (`passwordEnv`, `tokenEnv`).
 */

export const MANIFEST_VERSION = 1 as const;

/**
 * OIN Wizard "Authentication mode" for the SCIM connection. `basic` is accepted by the
 * schema only so that the check can say clearly that the OIN does not take it.
 */
export type ScimAuthMode = 'header' | 'bearer' | 'oauth2' | 'basic';
export const SCIM_AUTH_MODES: readonly ScimAuthMode[] = ['header', 'bearer', 'oauth2', 'basic'];

/** OIN Wizard "What objects do you want Okta to manage". */
export type ManagedObject = 'users' | 'groups';
export const MANAGED_OBJECTS: readonly ManagedObject[] = ['users', 'groups'];

/** OIN Wizard "User operations" (`change-password` is "Change password", `patch` is "Support PATCH for User"). */
export type UserOperation = 'create' | 'read' | 'update' | 'deactivate' | 'change-password' | 'patch';
export const USER_OPERATIONS: readonly UserOperation[] = ['create', 'read', 'update', 'deactivate', 'change-password', 'patch'];

/** OIN Wizard "Group operations". */
export type GroupOperation = 'create' | 'read' | 'update' | 'delete';
export const GROUP_OPERATIONS: readonly GroupOperation[] = ['create', 'read', 'update', 'delete'];

/** OIN Wizard SSO protocols that the OIN Submission Tester tests. */
export type SsoProtocol = 'saml' | 'oidc';
export const SSO_PROTOCOLS: readonly SsoProtocol[] = ['saml', 'oidc'];

/** Sign-in flows an SSO integration supports (IdP- or SP-initiated). */
export type SignInFlow = 'idp' | 'sp';
export const SIGN_IN_FLOWS: readonly SignInFlow[] = ['idp', 'sp'];

/** The manual test plans we know (src/readiness/test-plan.ts). */
export type TestPlanId = 'okta-scim-test-plan-v2';
export const TEST_PLAN_IDS: readonly TestPlanId[] = ['okta-scim-test-plan-v2'];

/** What the submitter records for one manual test case. */
export type ManualCaseStatus = 'pass' | 'not-applicable';
export const MANUAL_CASE_STATUSES: readonly ManualCaseStatus[] = ['pass', 'not-applicable'];

/** One OIN Wizard tenant setting ("integration variable"). */
export interface IntegrationVariable {
  /** Used in Okta Expression Language as `app.<name>`: lowercase letters, digits, `_`, starting with a letter. */
  readonly name: string;
  /** Shown to customer admins when they install the integration. */
  readonly label: string;
}

export interface ManualCaseEntry {
  readonly status: ManualCaseStatus;
  /** Why a case does not apply (required for `not-applicable`), or anything worth saying. */
  readonly note?: string;
}

export interface SubmissionManifest {
  /** Editor hint (e.g. a path to schemas/submission-manifest.schema.json); ignored by the check. */
  readonly $schema?: string;
  /** Free text; ignored by the check. */
  readonly $comment?: string;
  readonly manifestVersion: typeof MANIFEST_VERSION;
  readonly company: {
    readonly name: string;
    /** The company website, e.g. `https://example.com`; its host (minus `www.`) is the company email domain. */
    readonly website: string;
    /** Other email domains of the company, when they differ from the website's. */
    readonly emailDomains?: readonly string[];
  };
  readonly submitter: {
    /** The Okta account that submits: must be on the company's domain (no personal addresses). */
    readonly email: string;
  };
  /** OIN catalog properties. */
  readonly catalog: {
    /** At most 64 characters. */
    readonly displayName: string;
    readonly description: string;
    /** Path (relative to the manifest) of a PNG, JPG or GIF logo under 1 MB. */
    readonly logo: string;
  };
  /** OIN Wizard tenant settings; at most 3 (see MAX_INTEGRATION_VARIABLES). */
  readonly integrationVariables: readonly IntegrationVariable[];
  readonly scim: {
    /** The SCIM base URL of the test tenant: the URL the SPEC and CRUD runs were made against. */
    readonly baseUrl: string;
    /**
     * What goes into the Wizard's Base URL field when it is per tenant, in Okta Expression
     * Language, e.g. `'https://' + app.subdomain + '.example.com/scim/v2'`.
     */
    readonly baseUrlExpression?: string;
    readonly authMode: ScimAuthMode;
    readonly objects: readonly ManagedObject[];
    readonly userOperations: readonly UserOperation[];
    readonly groupOperations?: readonly GroupOperation[];
    /** Link to the customer-facing SCIM configuration guide. */
    readonly configurationGuideUrl: string;
  };
  readonly support: {
    /** Private contact for the OIN team (emergencies, escalations). */
    readonly email: string;
  };
  /** Test admin account in the ISV's app, for the OIN team. */
  readonly testAccount: {
    /** Static URL where the OIN analyst signs in. */
    readonly signInUrl: string;
    readonly username: string;
    /** NAME of the environment variable holding the password (never the password itself). */
    readonly passwordEnv: string;
    readonly instructions?: string;
  };
  /** The Wizard's "Link to … spec test results" and "… CRUD test results". */
  readonly results: {
    /** Permalink `http(s)://…/runs/<runId>` of our report server/site, or a report.json path (relative to the manifest). */
    readonly spec: string;
    readonly crud: string;
    /** NAME of an environment variable with the report server's access token, sent as `Authorization: Bearer`. */
    readonly accessTokenEnv?: string;
  };
  /** The Okta org (Integrator Free Plan org) the Wizard runs in. */
  readonly okta: {
    readonly orgUrl: string;
    /** NAME of the environment variable holding an Okta API token; default `OKTA_TOKEN`. */
    readonly tokenEnv?: string;
    /** The app instances the Wizard's "Required app instances" box expects (ids like `0oa…`). */
    readonly appInstanceIds: readonly string[];
  };
  /** The manual OIN test plan: every case id → pass | not-applicable. */
  readonly testPlan: {
    readonly plan: TestPlanId;
    readonly cases: Readonly<Record<string, ManualCaseEntry>>;
  };
  /** Present when the submission also has SSO: the OIN Submission Tester must pass. */
  /**
   * A Microsoft Entra app gallery submission beside the OIN one: links (permalinks or
   * report.json paths) to the scim-conformance runs that cover Microsoft's gates (entra,
   * entra-gallery, and a run with --oauth-token-url). The checklist does not change the OIN verdict.
   */
  readonly entraGallery?: {
    readonly results: readonly string[];
  };
  readonly sso?: {
    readonly protocol: SsoProtocol;
    readonly flows: readonly SignInFlow[];
    /** Supports Just-In-Time provisioning. */
    readonly jit: boolean;
    /** Path (relative to the manifest) of the Tester results export (docs/submission-manifest.md). */
    readonly testerResults: string;
  };
}

/** Default environment variable for the Okta API token (as `scim-conformance run`). */
export const DEFAULT_OKTA_TOKEN_ENV = 'OKTA_TOKEN';
