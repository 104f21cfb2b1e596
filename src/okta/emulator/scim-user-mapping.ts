/**
 * Okta user → app user profile → SCIM User, as the "SCIM 2.0 Test App" template maps them
 * (okta-wire.md §5 "Okta user → SCIM user mapping"; exact template defaults are UNCERTAIN):
 * givenName ← firstName, familyName ← lastName, email ← email, userName ← the assignment's
 * userName (template `${source.login}`), displayName ← "givenName familyName".
 */

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** App-user profile attributes sourced from the Okta profile (changing them directly is E0000075). */
export const MAPPED_APP_ATTRIBUTES: Readonly<Record<string, string>> = {
  givenName: 'firstName',
  familyName: 'lastName',
  email: 'email',
};

/** The app-user profile Okta derives from the user's profile, keeping app-only attributes. */
export function deriveAppProfile(
  userProfile: Readonly<Record<string, unknown>>,
  appProfile: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const derived: Record<string, unknown> = { ...appProfile };
  for (const [appAttr, userAttr] of Object.entries(MAPPED_APP_ATTRIBUTES)) derived[appAttr] = userProfile[userAttr] ?? null;
  if (typeof derived['emailType'] !== 'string') derived['emailType'] = 'work';
  return derived;
}

/**
 * App-user attributes not sourced from the Okta user profile: set on the assignment (user or
 * group, [PLAN C9291/C9309]) and pushed as the SCIM attribute of the same name. An empty value
 * clears the SCIM attribute ([PLAN C9337]).
 */
export const APP_ONLY_ATTRIBUTES = ['title'] as const;

/** The SCIM attributes Okta owns for a user. */
export interface MappedScimUser {
  readonly userName: string;
  /** Null when the app profile has no value: a PUT leaves it out, a PATCH removes it. */
  readonly title: string | null;
  readonly name: { readonly givenName: string | null; readonly familyName: string | null };
  readonly emails: readonly { readonly primary: true; readonly value: string; readonly type: string }[];
  readonly displayName: string;
}

export function mapScimUser(userName: string, appProfile: Readonly<Record<string, unknown>>): MappedScimUser {
  const given = str(appProfile['givenName']);
  const family = str(appProfile['familyName']);
  const email = str(appProfile['email']);
  return {
    userName,
    title: str(appProfile['title']),
    name: { givenName: given, familyName: family },
    emails: email ? [{ primary: true, value: email, type: str(appProfile['emailType']) ?? 'work' }] : [],
    displayName: [given, family].filter(Boolean).join(' '),
  };
}

/** POST /Users body in the documented key order (okta-wire.md §1.2, [REF20]). */
export function scimCreateBody(mapped: MappedScimUser, oktaUserId: string, password: string): Record<string, unknown> {
  return {
    schemas: [SCIM_USER_SCHEMA],
    userName: mapped.userName,
    name: { givenName: mapped.name.givenName, familyName: mapped.name.familyName },
    emails: mapped.emails.map((e) => ({ ...e })),
    displayName: mapped.displayName,
    ...(mapped.title !== null ? { title: mapped.title } : {}),
    locale: 'en-US',
    externalId: oktaUserId,
    groups: [],
    password,
    active: true,
  };
}

/**
 * PUT body: the resource the server returned to GET, with Okta's attributes written over it
 * (server-only fields and `meta` echo back, okta-wire.md §1.4). `active` is Okta's view of
 * the assignment; `undefined` keeps the server's value.
 */
export function scimReplaceBody(
  fetched: Readonly<Record<string, unknown>>,
  scimId: string,
  mapped: MappedScimUser,
  active: boolean | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = structuredClone(fetched) as Record<string, unknown>;
  if (!Array.isArray(body['schemas'])) body['schemas'] = [SCIM_USER_SCHEMA];
  body['id'] = scimId;
  body['userName'] = mapped.userName;
  const name = isRecord(body['name']) ? body['name'] : {};
  body['name'] = { ...name, givenName: mapped.name.givenName, familyName: mapped.name.familyName };
  body['emails'] = mergeEmails(body['emails'], mapped);
  body['displayName'] = mapped.displayName;
  // An emptied attribute is left out of the replacement, which clears it (RFC7644-3.5.1).
  if (mapped.title !== null) body['title'] = mapped.title;
  else delete body['title'];
  if (active !== undefined) body['active'] = active;
  return body;
}

/**
 * The Okta-owned attributes whose values differ from the server's resource, for the PATCH
 * form of a profile update (undocumented; okta-wire.md §1.4 suggests `replace` + value object).
 */
export function changedScimAttributes(
  fetched: Readonly<Record<string, unknown>>,
  mapped: MappedScimUser,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  if (fetched['userName'] !== mapped.userName) changed['userName'] = mapped.userName;
  const name = isRecord(fetched['name']) ? fetched['name'] : {};
  if (name['givenName'] !== mapped.name.givenName || name['familyName'] !== mapped.name.familyName) {
    changed['name'] = { givenName: mapped.name.givenName, familyName: mapped.name.familyName };
  }
  const primary = primaryEmail(fetched['emails']);
  const wanted = mapped.emails[0];
  if (wanted && (primary?.['value'] !== wanted.value || (primary['type'] !== undefined && primary['type'] !== wanted.type))) {
    changed['emails'] = mergeEmails(fetched['emails'], mapped);
  }
  if (fetched['displayName'] !== mapped.displayName) changed['displayName'] = mapped.displayName;
  if (mapped.title !== null && fetched['title'] !== mapped.title) changed['title'] = mapped.title;
  return changed;
}

/** Okta-owned attributes the server has but the app profile emptied (PATCH form: `remove`). */
export function clearedScimAttributes(fetched: Readonly<Record<string, unknown>>, mapped: MappedScimUser): string[] {
  const v = fetched['title'];
  return mapped.title === null && v !== undefined && v !== null && v !== '' ? ['title'] : [];
}

function mergeEmails(existing: unknown, mapped: MappedScimUser): unknown[] {
  const wanted = mapped.emails[0];
  if (!wanted) return Array.isArray(existing) ? structuredClone(existing) : [];
  if (!Array.isArray(existing) || existing.length === 0) return [{ ...wanted }];
  const list = structuredClone(existing) as unknown[];
  const index = Math.max(0, list.findIndex((e) => isRecord(e) && e['primary'] === true));
  const current = isRecord(list[index]) ? list[index] : {};
  list[index] = { ...current, primary: true, value: wanted.value, type: wanted.type };
  return list;
}

function primaryEmail(emails: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(emails)) return undefined;
  const records = emails.filter(isRecord);
  return records.find((e) => e['primary'] === true) ?? records[0];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
