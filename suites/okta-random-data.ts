/**
 * The random test data of Okta's initial scripts (Initial_Script_Spec.txt and
 * Initial_Script_CRUD.txt), ported: firstname "Runscope" + 3 digits; lastname one capital,
 * 8 lower-case letters, 3 digits; email firstname + lastname + "@atko.com".
 */
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

function pick(chars: string, random: () => number): string {
  return chars.charAt(Math.floor(random() * chars.length));
}

function repeat(n: number, f: () => string): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += f();
  return out;
}

export function oktaFirstName(random: () => number): string {
  return `Runscope${repeat(3, () => pick(DIGITS, random))}`;
}

export function oktaLastName(random: () => number): string {
  return pick(UPPER, random) + repeat(8, () => pick(LOWER, random)) + repeat(3, () => pick(DIGITS, random));
}

/** Variables set by Initial_Script_Spec.txt. */
export function oktaSpecRandomData(random: () => number): Record<string, string> {
  const first = oktaFirstName(random);
  const last = oktaLastName(random);
  const email = `${first}${last}@atko.com`;
  return {
    randomGivenName: first,
    randomFamilyName: last,
    randomEmail: email,
    randomUsername: email,
    InvalidUserEmail: 'abcdefgh@atko.com',
    UserIdThatDoesNotExist: '010101001010101011001010101011',
    randomUsernameCaps: email.toUpperCase(),
  };
}

/** Variables set by Initial_Script_CRUD.txt. */
export function oktaCrudRandomData(random: () => number): Record<string, string> {
  const first = oktaFirstName(random);
  const last = oktaLastName(random);
  const email = `${first}${last}@atko.com`;
  return {
    okta_user_firstname: first,
    okta_user_lastname: last,
    okta_user_fullname: `${first} ${last}`,
    okta_user_firstname_update: `${first}update`,
    okta_user_fullname_update: `${first}update ${last}`,
    okta_user_email: email,
    okta_user_title: 'Engineer',
    okta_user_primaryphone: '415.123.4567',
  };
}
