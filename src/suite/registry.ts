/** The native suites we ship, by id (DESIGN.md: ids are stable and path-like). */
import { oktaCrudSuite } from '../../suites/okta-crud.js';
import { oktaGroupsSuite } from '../../suites/okta-groups.js';
import { oktaPlanGroupAssignmentSuite } from '../../suites/okta-plan-group-assignment.js';
import { oktaPlanGroupPushSuite } from '../../suites/okta-plan-group-push.js';
import { oktaPlanImportSuite } from '../../suites/okta-plan-import.js';
import { oktaPlanPasswordSyncSuite } from '../../suites/okta-plan-password-sync.js';
import { oktaPlanPushRulesSuite } from '../../suites/okta-plan-push-rules.js';
import { oktaPlanUserSchemaSuite } from '../../suites/okta-plan-user-schema.js';
import { oktaPlanUsersSuite } from '../../suites/okta-plan-users.js';
import { oktaSpecSuite } from '../../suites/okta-spec.js';
import { entraSuite } from '../../suites/entra.js';
import { entraGallerySuite } from '../../suites/entra-gallery.js';
import { interopSuite } from '../../suites/interop.js';
import { rfc7644Suite } from '../../suites/rfc7644.js';
import { rfc7644FiltersSuite } from '../../suites/rfc7644-filters.js';
import { rfc7644WritesSuite } from '../../suites/rfc7644-writes.js';
import type { Suite } from '../model/suite.js';
import { suiteClient } from './profiles.js';

/** The suite with its `client` from the profile table (src/suite/profiles.ts), unless it names one. */
function withClient(suite: Suite): Suite {
  const client = suite.client ?? suiteClient(suite.id);
  return client === undefined ? suite : { ...suite, client };
}

/**
 * The native suites one server can pass together (Okta, Entra and the RFCs): what the
 * conformant reference server passes in its default mode.
 */
export const NATIVE_SUITES: readonly Suite[] = [oktaSpecSuite, oktaCrudSuite, oktaGroupsSuite,
  // Okta's manual test plan (okta-plan/…), after the suites it builds on.
  oktaPlanUsersSuite, oktaPlanGroupAssignmentSuite, oktaPlanGroupPushSuite, oktaPlanPushRulesSuite, oktaPlanImportSuite, oktaPlanUserSchemaSuite, oktaPlanPasswordSyncSuite,
  rfc7644Suite, rfc7644FiltersSuite, rfc7644WritesSuite, entraSuite, entraGallerySuite].map(withClient);

/**
 * Suites whose rules contradict Okta's or Entra's (the interoperability profile draft requires
 * refusing path-less PATCH): run only when named or by their profile, and passed by the
 * reference server in its interop mode.
 */
export const PROFILE_ONLY_SUITES: readonly Suite[] = [interopSuite].map(withClient);

/** Every native suite. */
export const ALL_SUITES: readonly Suite[] = [...NATIVE_SUITES, ...PROFILE_ONLY_SUITES];

/** Suites whose id is, or starts with, one of the prefixes (a step-id prefix selects its suite). */
export function findSuites(prefixes: readonly string[]): { suites: Suite[]; unknown: string[] } {
  const unknown: string[] = [];
  const found = new Set<Suite>();
  for (const p of prefixes) {
    // A whole suite id selects that suite (and its `id/…` children), not every id it prefixes:
    // `entra` is not `entra-gallery`. Other prefixes match by the start of the id.
    const exact = ALL_SUITES.filter((s) => s.id === p || s.id.startsWith(`${p}/`) || p.startsWith(`${s.id}/`));
    const matches = exact.length > 0 ? exact : ALL_SUITES.filter((s) => s.id.startsWith(p));
    if (matches.length === 0) unknown.push(p);
    for (const m of matches) found.add(m);
  }
  return { suites: ALL_SUITES.filter((s) => found.has(s)), unknown };
}
