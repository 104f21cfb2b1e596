/**
 * Building blocks shared by the suites that drive an Okta org (`okta-crud`, `okta-groups`):
 * Okta's headers for the Management API and for its SCIM checks, the suite inputs, and step
 * builders for an Okta API call and for a SCIM read-back.
 */
import type { Assertion, RequestStep, SuiteInput } from '../src/model/suite.js';
import type { Level } from '../src/model/verdict.js';

/** The headers of Okta's Management API calls in the CRUD export (H1). */
export const OKTA_HEADERS = [
  ['Accept', 'application/json'],
  ['Authorization', 'SSWS {{oktaToken}}'],
  ['Content-Type', 'application/json'],
] as const;

/** The headers of the CRUD export's SCIM checks (H2): no Content-Type, no User-Agent. */
export const OKTA_SCIM_HEADERS = [
  ['Accept', 'application/scim+json'],
  ['Authorization', '{{SCIMAuth}}'],
] as const;

/** The five variables Okta's CRUD docs name. */
export const OKTA_ORG_INPUTS: readonly SuiteInput[] = [
  { name: 'SCIMUrl', description: 'SCIM base URL (--scim-url)' },
  { name: 'SCIMAuth', description: 'Authorization header value for the SCIM API (--scim-auth)', secret: true },
  { name: 'oktaOrgUrl', description: 'Okta org URL (--okta-org-url; default: the built-in emulator)' },
  { name: 'oktaAppId', description: 'Okta app instance id (--okta-app-id)' },
  { name: 'oktaToken', description: 'Okta API token (--okta-token)', secret: true },
];

export const status = (code: number): Assertion => ({ source: 'response_status', comparison: 'equal_number', value: String(code) });
export const json = (property: string, value: string): Assertion => ({ source: 'response_json', property, comparison: 'equal', value });

export type StepText = Pick<RequestStep, 'title' | 'requirement' | 'fix' | 'refs'>;

/** Builds `<suiteId>/<id>` steps: Okta API calls expecting one status, and SCIM read-backs. */
export function oktaStepBuilders(suiteId: string, level: Level) {
  return {
    okta(id: string, method: RequestStep['request']['method'], url: string, text: StepText, expect: number, body?: string, extra: Partial<RequestStep> = {}): RequestStep {
      return {
        kind: 'request', id: `${suiteId}/${id}`, level, ...text,
        request: { method, url: `{{oktaOrgUrl}}${url}`, headers: OKTA_HEADERS, ...(body !== undefined ? { body } : {}) },
        beforeScripts: [], scripts: [], extractions: [], assertions: [status(expect)], ...extra,
      };
    },
    scim(id: string, url: string, text: StepText, boundMs: number, assertions: readonly Assertion[], extra: Partial<RequestStep> = {}): RequestStep {
      return {
        kind: 'request', id: `${suiteId}/${id}`, level, ...text,
        request: { method: 'GET', url: `{{SCIMUrl}}${url}`, headers: OKTA_SCIM_HEADERS },
        beforeScripts: [], scripts: [], extractions: [], assertions, readBack: { boundMs }, ...extra,
      };
    },
  };
}
