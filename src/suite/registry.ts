/** The native suites we ship, by id (DESIGN.md: ids are stable and path-like). */
import { oktaCrudSuite } from '../../suites/okta-crud.js';
import { oktaGroupsSuite } from '../../suites/okta-groups.js';
import { oktaSpecSuite } from '../../suites/okta-spec.js';
import { entraSuite } from '../../suites/entra.js';
import { rfc7644Suite } from '../../suites/rfc7644.js';
import { rfc7644FiltersSuite } from '../../suites/rfc7644-filters.js';
import type { Suite } from '../model/suite.js';

export const NATIVE_SUITES: readonly Suite[] = [oktaSpecSuite, oktaCrudSuite, oktaGroupsSuite, rfc7644Suite, rfc7644FiltersSuite, entraSuite];

/** Suites whose id is, or starts with, one of the prefixes (a step-id prefix selects its suite). */
export function findSuites(prefixes: readonly string[]): { suites: Suite[]; unknown: string[] } {
  const unknown: string[] = [];
  const found = new Set<Suite>();
  for (const p of prefixes) {
    const matches = NATIVE_SUITES.filter((s) => s.id === p || s.id.startsWith(`${p}/`) || p.startsWith(`${s.id}/`) || s.id.startsWith(p));
    if (matches.length === 0) unknown.push(p);
    for (const m of matches) found.add(m);
  }
  return { suites: NATIVE_SUITES.filter((s) => found.has(s)), unknown };
}
