/**
 * Profiles: named sets of native suites, chosen with `run --profile NAME` (or `profile` in a
 * --config file, or SCIM_PROFILE). Data, not code: a new suite is one row of SUITE_PROFILES,
 * saying whose rules it checks (its `client`) and which profiles run it; `all` runs every row.
 *
 * The default (`okta`) is what an OIN submitter needs: Okta's SPEC and CRUD tests, Group Push and
 * the RFC 7644 checks every client relies on. A rule only one client requires (Entra's unique
 * group names, capitalised PATCH ops) lives in that client's suite, so it never fails a server
 * built for another client. `interop` holds a server to the SCIM interoperability profile draft
 * (draft-zollner-scim-interop-profile), which contradicts Okta and Entra in places (it requires
 * refusing path-less PATCH), so no server passes `interop` and `okta` at once: `all` against one
 * server reports those conflicts as failures, by design.
 */
import type { Client } from '../model/suite.js';

/** A profile name a user can give. */
export type ProfileName = 'okta' | 'entra' | 'rfc' | 'interop' | 'all';

/** Every profile name, in the order help texts list them. */
export const PROFILE_NAMES: readonly ProfileName[] = ['okta', 'entra', 'rfc', 'interop', 'all'];

/**
 * The profile `run` draws on when neither suites nor a profile are named: its rows except those
 * marked `notByDefault` (the Okta test plan's suites: an OIN submitter runs them with
 * `--profile okta` or `npm start`; the default stays Okta's SPEC and CRUD tests, Group Push and
 * the RFC checks, issue 9, so a default run stays a few seconds).
 */
export const DEFAULT_PROFILE: Exclude<ProfileName, 'all'> = 'okta';

/** One native suite: whose rules it checks and the profiles (besides `all`) that run it. */
export interface SuiteProfileEntry {
  readonly suite: string;
  readonly client: Client;
  readonly profiles: readonly Exclude<ProfileName, 'all'>[];
  /** In its profiles, but not in the default run (see {@link DEFAULT_PROFILE}). */
  readonly notByDefault?: true;
}

/**
 * Which profiles run which suite, in run order. Coming suites add a row: `okta-plan…` →
 * client okta, profiles okta; `entra-gallery` → client entra, profiles entra; new RFC suites →
 * client rfc, profiles rfc (and okta only if an OIN submitter must pass them).
 */
export const SUITE_PROFILES: readonly SuiteProfileEntry[] = [
  { suite: 'okta-spec', client: 'okta', profiles: ['okta'] },
  { suite: 'okta-crud', client: 'okta', profiles: ['okta'] },
  { suite: 'okta-groups', client: 'okta', profiles: ['okta'] },
  { suite: 'okta-plan/users', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'okta-plan/group-assignment', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'okta-plan/group-push', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'okta-plan/push-rules', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'okta-plan/import', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'okta-plan/user-schema', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'okta-plan/password-sync', client: 'okta', profiles: ['okta'], notByDefault: true },
  { suite: 'rfc7644', client: 'rfc', profiles: ['okta', 'rfc'] },
  { suite: 'rfc7644/filters', client: 'rfc', profiles: ['okta', 'rfc'] },
  { suite: 'rfc7644/writes', client: 'rfc', profiles: ['okta', 'rfc'] },
  { suite: 'entra', client: 'entra', profiles: ['entra'] },
  { suite: 'entra-gallery', client: 'entra', profiles: ['entra'] },
  { suite: 'interop', client: 'interop', profiles: ['interop'] },
];

/** Thrown for a profile name that does not exist (the CLI turns it into exit 2). */
export class UnknownProfileError extends Error {
  constructor(readonly profile: string) {
    super(`unknown profile ${JSON.stringify(profile)}; available: ${PROFILE_NAMES.join(', ')}`);
    this.name = 'UnknownProfileError';
  }
}

/** True when `name` is a profile. */
export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** The suite ids of a profile, in run order; throws UnknownProfileError. */
export function profileSuiteIds(name: string, table: readonly SuiteProfileEntry[] = SUITE_PROFILES): string[] {
  if (!isProfileName(name)) throw new UnknownProfileError(name);
  return table.filter((e) => name === 'all' || e.profiles.includes(name)).map((e) => e.suite);
}

/** Whose rules the suite checks, or undefined for suites outside the table (setup, Runscope exports). */
export function suiteClient(suiteId: string, table: readonly SuiteProfileEntry[] = SUITE_PROFILES): Client | undefined {
  return table.find((e) => e.suite === suiteId)?.client;
}

/** The suites `run` runs when neither suites nor a profile are named, in run order. */
export function defaultSuiteIds(table: readonly SuiteProfileEntry[] = SUITE_PROFILES): string[] {
  return table.filter((e) => e.profiles.includes(DEFAULT_PROFILE) && e.notByDefault !== true).map((e) => e.suite);
}
