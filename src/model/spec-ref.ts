/**
 * Spec references are data (DESIGN.md core decision 6): compact strings such as
 * `RFC7644-3.4.2.2`, `RFC7643-4.1`, `OKTA-SPEC`, `ENTRA-VALIDATOR`, resolved to URLs by a
 * longest-prefix table.
 */
export type SpecRef = string;

const RFC_PATTERN = /^RFC(7643|7644|7642|7617|6749|6750|9110)-(\d+(?:\.\d+)*)$/;
/** `OKTA-PLAN-C9312`: one case id of Okta's manual SCIM test plan. */
const OKTA_PLAN_PATTERN = /^OKTA-PLAN-C\d+$/;

/** Prefix → URL builder. Longest prefix wins, never first match. */
const LINKS: readonly (readonly [prefix: string, url: (ref: string) => string])[] = [
  ['RFC', (ref) => {
    const m = RFC_PATTERN.exec(ref);
    return m ? `https://www.rfc-editor.org/rfc/rfc${m[1]}#section-${m[2]}` : 'https://www.rfc-editor.org/';
  }],
  ['OKTA-SPEC', () => 'https://developer.okta.com/docs/guides/scim-provisioning-integration-prepare/main/'],
  ['OKTA-CRUD', () => 'https://developer.okta.com/docs/guides/scim-provisioning-integration-test/main/'],
  ['OKTA-SCIM', () => 'https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20/'],
  ['OKTA-OIN', () => 'https://developer.okta.com/docs/guides/submit-oin-app/scim/main/'],
  // Okta's SCIM concepts page: "Handle SCIM server rate limiting (HTTP 429)" (Retry-After rules).
  ['OKTA-SCIM-RATE-LIMIT', () => 'https://developer.okta.com/docs/concepts/scim/'],
  ['OKTA-TEST-PLAN', () => 'https://developer.okta.com/docs/guides/scim-provisioning-integration-test/main/'],
  // A case of Okta's manual test plan (`OKTA-PLAN-C9312`): the plan's own spreadsheet.
  ['OKTA-PLAN', () => 'https://developer.okta.com/standards/SCIM/SCIMFiles/okta-scim-test-plan-v2.xlsx'],
  ['OKTA-API', () => 'https://developer.okta.com/docs/api/openapi/okta-management/'],
  ['ENTRA', () => 'https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups'],
  ['ENTRA-VALIDATOR', () => 'https://learn.microsoft.com/entra/identity/app-provisioning/scim-validator-tutorial'],
  ['ENTRA-COMPAT', () => 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility'],
  ['ENTRA-LOGIC-APP', () => 'https://github.com/AzureAD/SCIMReferenceCode/blob/master/Microsoft.SCIM.LogicAppValidationTemplate/StandardLogicApp/SCIM-Validation-Test-Overview.md'],
  ['RUNSCOPE', () => 'https://www.blazemeter.com/product/api-monitoring'],
  ['SCIM-INTEROP', () => 'https://datatracker.ietf.org/doc/draft-zollner-scim-interop-profile/'],
];

/** True when the reference names a document we can link to (and, for RFCs, a section). */
export function isKnownSpecRef(ref: SpecRef): boolean {
  if (ref.startsWith('RFC')) return RFC_PATTERN.test(ref);
  if (ref.startsWith('OKTA-PLAN')) return OKTA_PLAN_PATTERN.test(ref);
  return LINKS.some(([prefix]) => ref === prefix || ref.startsWith(`${prefix}-`));
}

/** The URL a reference points at (longest matching prefix). */
export function specUrl(ref: SpecRef): string {
  let best: (typeof LINKS)[number] | undefined;
  for (const entry of LINKS) {
    if (ref.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1](ref) : '';
}
