/**
 * The OIN Wizard's field rules as readiness requirements (everything that needs no file,
 * network or report): catalog text, integration variables, company and submitter, SCIM
 * settings, support contact, test account, and the Okta org fields.
 */
import type { SubmissionManifest } from './manifest.js';
import { DEFAULT_OKTA_TOKEN_ENV } from './manifest.js';
import {
  blocked,
  failed,
  listSome,
  notApplicable,
  passed,
  plural,
  type RequirementResult,
  type RequirementRule,
} from './requirement.js';
import { clipText, emailDomain, httpsProblem, onDomain, PERSONAL_EMAIL_DOMAINS, websiteDomain } from './url-rules.js';

/** OIN catalog "Display name": at most 64 characters. */
export const MAX_DISPLAY_NAME_LENGTH = 64;
/**
 * Integration variables: at most 3, as the brief for this check states. (Okta's current
 * submit-oin-app guide allows up to eight; raise this when targeting that Wizard.)
 */
export const MAX_INTEGRATION_VARIABLES = 3;
export const MAX_VARIABLE_NAME_LENGTH = 1024;
/** OIN Wizard "Base URL": at most 1024 characters. */
export const MAX_BASE_URL_LENGTH = 1024;
/** Okta app instance ids: `0oa` and 17 more letters or digits. */
export const APP_INSTANCE_ID = /^0oa[0-9A-Za-z]{17}$/;
/** A portable environment variable name. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Wizard user operations a SCIM submission needs: Read is mandatory, the CRUD test exercises the rest. */
export const REQUIRED_USER_OPERATIONS = ['read', 'create', 'update', 'deactivate'] as const;

const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;

export const RULES = {
  displayName: {
    id: 'catalog.display-name', section: 'catalog', field: 'catalog.displayName',
    title: `Display name has 1 to ${MAX_DISPLAY_NAME_LENGTH} characters`,
    fix: `Give the integration's catalog name in catalog.displayName, at most ${MAX_DISPLAY_NAME_LENGTH} characters.`,
  },
  description: {
    id: 'catalog.description', section: 'catalog', field: 'catalog.description',
    title: 'Description is given',
    fix: 'Describe the app and what the integration brings customers in catalog.description (see Okta\'s app description guidelines).',
  },
  variableCount: {
    id: 'integration-variables.count', section: 'integration-variables', field: 'integrationVariables',
    title: `At most ${MAX_INTEGRATION_VARIABLES} integration variables`,
    fix: `Keep at most ${MAX_INTEGRATION_VARIABLES} tenant settings: combine or drop the others.`,
  },
  variableNames: {
    id: 'integration-variables.names', section: 'integration-variables', field: 'integrationVariables',
    title: 'Variable names use lowercase letters, digits and underscores, start with a letter, ≤ 1024 characters',
    fix: 'Rename the variable, e.g. "Sub-Domain" → "subdomain" or "tenant_name"; it is used as app.<name> in expressions.',
  },
  variableLabels: {
    id: 'integration-variables.labels', section: 'integration-variables', field: 'integrationVariables',
    title: 'Every variable has a label',
    fix: 'Give each variable the label admins see when they install the integration, e.g. "Subdomain".',
  },
  variableUnique: {
    id: 'integration-variables.unique', section: 'integration-variables', field: 'integrationVariables',
    title: 'Variable names are unique',
    fix: 'Give each variable its own name.',
  },
  website: {
    id: 'company.website', section: 'company', field: 'company.website',
    title: 'Company website is an https URL',
    fix: 'Give the company website, e.g. https://example.com; its host is the company email domain.',
  },
  submitter: {
    id: 'company.submitter-email', section: 'company', field: 'submitter.email',
    title: 'Submitter email is on the company domain',
    fix: 'Submit from an Okta account whose email is on the company domain; add other company domains to company.emailDomains.',
  },
  baseUrl: {
    id: 'scim.base-url', section: 'scim', field: 'scim.baseUrl',
    title: 'SCIM base URL is a public https URL',
    fix: 'Give the https SCIM base URL Okta provisions to, e.g. https://api.example.com/scim/v2 (no credentials, query or fragment; at most 1024 characters).',
  },
  baseUrlExpression: {
    id: 'scim.base-url-expression', section: 'scim', field: 'scim.baseUrlExpression',
    title: 'A per-tenant base URL uses only declared variables',
    fix: 'Use app.<name> only for names declared in integrationVariables (or declare the variable).',
  },
  authMode: {
    id: 'scim.auth-mode', section: 'scim', field: 'scim.authMode',
    title: 'Authentication mode is one the OIN accepts (header, bearer or OAuth 2)',
    fix: 'Use header (Authorization: <token>), bearer (Authorization: Bearer <token>) or oauth2 (authorization code); the OIN does not accept Basic authentication for SCIM.',
  },
  objects: {
    id: 'scim.objects', section: 'scim', field: 'scim.objects',
    title: 'Okta manages users',
    fix: 'Add "users" to scim.objects (Okta always manages users; add "groups" too if it manages groups).',
  },
  userOperations: {
    id: 'scim.user-operations', section: 'scim', field: 'scim.userOperations',
    title: 'User operations include read, create, update and deactivate',
    fix: 'Support and declare read, create, update and deactivate in scim.userOperations: Read is required by the Wizard and the mandatory CRUD test exercises the others.',
  },
  groupOperations: {
    id: 'scim.group-operations', section: 'scim', field: 'scim.groupOperations',
    title: 'Group operations fit the managed objects',
    fix: 'Declare group operations only when scim.objects includes "groups", and include "read".',
  },
  guide: {
    id: 'scim.configuration-guide', section: 'scim', field: 'scim.configurationGuideUrl',
    title: 'Configuration guide link is a public https URL',
    fix: 'Publish the customer-facing SCIM configuration guide and give its https link.',
  },
  supportEmail: {
    id: 'support.email', section: 'support', field: 'support.email',
    title: 'Support email is a valid address',
    fix: 'Give an address the OIN team can use for emergencies and escalations, e.g. oin-support@example.com.',
  },
  signInUrl: {
    id: 'test-account.sign-in-url', section: 'test-account', field: 'testAccount.signInUrl',
    title: 'Test account sign-in URL is a public https URL',
    fix: 'Give the static https URL where the OIN analyst signs in to your app.',
  },
  username: {
    id: 'test-account.username', section: 'test-account', field: 'testAccount.username',
    title: 'Test account username is given',
    fix: 'Give the test admin account\'s username (Okta prefers isvtest@okta.com).',
  },
  password: {
    id: 'test-account.password', section: 'test-account', field: 'testAccount.passwordEnv',
    title: 'Test account password is available from the named environment variable',
    fix: 'Set the environment variable named in testAccount.passwordEnv to the test account password before running the check (it is never written anywhere).',
  },
  passwordNotInManifest: {
    id: 'test-account.password-not-in-manifest', section: 'test-account', field: 'testAccount',
    title: 'The password does not appear in the manifest',
    fix: 'Remove the password from the manifest (notes, instructions…): it belongs only in the environment variable.',
  },
  orgUrl: {
    id: 'okta.org-url', section: 'okta', field: 'okta.orgUrl',
    title: 'Okta org URL is https://<org>.okta.com (not the admin URL)',
    fix: 'Give the org URL without "-admin" and without a path, e.g. https://integrator-1234567.okta.com.',
  },
  instanceIds: {
    id: 'okta.app-instance-ids', section: 'okta', field: 'okta.appInstanceIds',
    title: 'At least one required app instance id, each like 0oa…',
    fix: 'List the ids of the app instances the Wizard generated (Applications → the instance → its URL or App Embed Link: 0oa… followed by 17 letters or digits).',
  },
  token: {
    id: 'okta.token', section: 'okta', field: 'okta.tokenEnv',
    title: 'An Okta API token is available from the named environment variable',
    fix: `Create an API token in the Okta org (Security → API → Tokens) and put it in the environment variable named in okta.tokenEnv (default ${DEFAULT_OKTA_TOKEN_ENV}).`,
  },
} as const satisfies Record<string, RequirementRule>;

function characters(text: string): number {
  return [...text].length;
}

function checkDisplayName(name: string): RequirementResult {
  const n = characters(name.trim());
  if (n === 0) return failed(RULES.displayName, 'The display name is empty.');
  if (characters(name) > MAX_DISPLAY_NAME_LENGTH) {
    return failed(RULES.displayName, `The display name is ${characters(name)} characters long; the OIN Wizard allows at most ${MAX_DISPLAY_NAME_LENGTH}.`,
      `Shorten catalog.displayName to at most ${MAX_DISPLAY_NAME_LENGTH} characters (now ${characters(name)}).`);
  }
  return passed(RULES.displayName, `"${name}" (${n} characters).`);
}

function checkVariables(manifest: SubmissionManifest): RequirementResult[] {
  const vars = manifest.integrationVariables;
  const out: RequirementResult[] = [];
  out.push(vars.length > MAX_INTEGRATION_VARIABLES
    ? failed(RULES.variableCount, `${plural(vars.length, 'variable')} declared; at most ${MAX_INTEGRATION_VARIABLES} are allowed.`)
    : passed(RULES.variableCount, vars.length === 0 ? 'No integration variables.' : `${plural(vars.length, 'variable')}.`));

  const badNames: string[] = [];
  vars.forEach((v, i) => {
    const where = `integrationVariables[${i}].name ${JSON.stringify(clipText(v.name, 40))}`;
    if (v.name === '') badNames.push(`integrationVariables[${i}].name is empty`);
    else if (characters(v.name) > MAX_VARIABLE_NAME_LENGTH) badNames.push(`${where} is longer than ${MAX_VARIABLE_NAME_LENGTH} characters`);
    else if (!/^[a-z]/.test(v.name)) badNames.push(`${where} does not start with a lowercase letter`);
    else if (!VARIABLE_NAME.test(v.name)) badNames.push(`${where} has characters other than lowercase letters, digits and "_"`);
  });
  out.push(badNames.length > 0 ? failed(RULES.variableNames, `${listSome(badNames, 3)}.`) : passed(RULES.variableNames, vars.length === 0 ? 'No variables.' : 'All names are valid.'));

  const noLabel = vars.flatMap((v, i) => (v.label.trim() === '' ? [`integrationVariables[${i}] (${JSON.stringify(clipText(v.name, 40))})`] : []));
  out.push(noLabel.length > 0 ? failed(RULES.variableLabels, `No label on ${listSome(noLabel, 3)}.`) : passed(RULES.variableLabels, vars.length === 0 ? 'No variables.' : 'Every variable has a label.'));

  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const v of vars) (seen.has(v.name) ? dupes : seen).add(v.name);
  out.push(dupes.size > 0 ? failed(RULES.variableUnique, `Declared more than once: ${listSome([...dupes].map((d) => JSON.stringify(d)))}.`) : passed(RULES.variableUnique, 'No duplicates.'));
  return out;
}

function companyDomains(manifest: SubmissionManifest): string[] {
  const fromSite = websiteDomain(manifest.company.website);
  return [...(fromSite ? [fromSite] : []), ...(manifest.company.emailDomains ?? []).map((d) => d.trim().toLowerCase().replace(/^@/, ''))];
}

function checkCompany(manifest: SubmissionManifest): RequirementResult[] {
  const problem = httpsProblem(manifest.company.website, 'The company website');
  const website = problem ? failed(RULES.website, problem) : passed(RULES.website, `Company domain: ${websiteDomain(manifest.company.website) ?? '?'}.`);
  const email = manifest.submitter.email.trim();
  const domain = emailDomain(email);
  let submitter: RequirementResult;
  if (domain === undefined) {
    submitter = failed(RULES.submitter, `${JSON.stringify(clipText(email, 80))} is not an email address.`);
  } else if (problem && (manifest.company.emailDomains ?? []).length === 0) {
    submitter = blocked(RULES.submitter, [RULES.website.id], 'Not checked: the company domain comes from company.website, which is not usable.');
  } else {
    const domains = companyDomains(manifest);
    const shown = listSome(domains.map((d) => `@${d}`), 3);
    if (domains.some((d) => onDomain(domain, d))) submitter = passed(RULES.submitter, `${email} is on the company domain.`);
    else if (PERSONAL_EMAIL_DOMAINS.has(domain)) {
      submitter = failed(RULES.submitter, `${email} is a personal address; the OIN team does not review submissions from personal email accounts.`,
        `Submit from your company Okta account (${shown}).`);
    } else submitter = failed(RULES.submitter, `${email} is not on the company domain (${shown}).`);
  }
  return [website, submitter];
}

function checkScim(manifest: SubmissionManifest): RequirementResult[] {
  const scim = manifest.scim;
  const out: RequirementResult[] = [];
  const baseProblem = scim.baseUrl.length > MAX_BASE_URL_LENGTH
    ? `The base URL is ${scim.baseUrl.length} characters long; the Wizard allows ${MAX_BASE_URL_LENGTH}.`
    : httpsProblem(scim.baseUrl, 'The SCIM base URL');
  out.push(baseProblem ? failed(RULES.baseUrl, baseProblem) : passed(RULES.baseUrl, scim.baseUrl));

  if (scim.baseUrlExpression === undefined) out.push(notApplicable(RULES.baseUrlExpression, 'One base URL for every tenant.'));
  else {
    const declared = new Set(manifest.integrationVariables.map((v) => v.name));
    const used = [...scim.baseUrlExpression.matchAll(/\bapp\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? '');
    const undeclared = [...new Set(used.filter((u) => !declared.has(u)))];
    if (used.length === 0) out.push(failed(RULES.baseUrlExpression, 'The expression uses no app.<variable>; a per-tenant URL needs one.', 'Use an integration variable, e.g. \'https://\' + app.subdomain + \'.example.com/scim/v2\', or drop scim.baseUrlExpression.'));
    else if (undeclared.length > 0) out.push(failed(RULES.baseUrlExpression, `It uses undeclared ${listSome(undeclared.map((u) => `app.${u}`))}.`));
    else out.push(passed(RULES.baseUrlExpression, `Uses ${listSome([...new Set(used)].map((u) => `app.${u}`))}.`));
  }

  out.push(scim.authMode === 'basic'
    ? failed(RULES.authMode, 'Basic authentication is not supported for OIN SCIM integrations.')
    : passed(RULES.authMode, scim.authMode));
  out.push(scim.objects.includes('users') ? passed(RULES.objects, listSome([...scim.objects])) : failed(RULES.objects, 'scim.objects does not include "users".'));
  const missingOps = REQUIRED_USER_OPERATIONS.filter((op) => !scim.userOperations.includes(op));
  out.push(missingOps.length > 0
    ? failed(RULES.userOperations, `Missing: ${missingOps.join(', ')}.`)
    : passed(RULES.userOperations, listSome([...scim.userOperations], 8)));

  const groups = scim.objects.includes('groups');
  if (scim.groupOperations === undefined) {
    out.push(notApplicable(RULES.groupOperations, groups ? 'Groups managed with the Wizard\'s default group operations.' : 'Groups are not managed.'));
  } else if (!groups) {
    out.push(failed(RULES.groupOperations, 'Group operations are declared but scim.objects does not include "groups".'));
  } else if (!scim.groupOperations.includes('read')) {
    out.push(failed(RULES.groupOperations, 'Group operations do not include "read" (required when groups are managed).'));
  } else out.push(passed(RULES.groupOperations, listSome([...scim.groupOperations])));

  const guideProblem = httpsProblem(scim.configurationGuideUrl, 'The configuration guide link', { allowQuery: true });
  out.push(guideProblem ? failed(RULES.guide, guideProblem) : passed(RULES.guide, scim.configurationGuideUrl));
  return out;
}

function checkTestAccount(manifest: SubmissionManifest, env: Readonly<Record<string, string | undefined>>, manifestText: string | undefined): RequirementResult[] {
  const account = manifest.testAccount;
  const out: RequirementResult[] = [];
  const urlProblem = httpsProblem(account.signInUrl, 'The sign-in URL', { allowQuery: true });
  out.push(urlProblem ? failed(RULES.signInUrl, urlProblem) : passed(RULES.signInUrl, account.signInUrl));
  out.push(account.username.trim() === '' ? failed(RULES.username, 'The username is empty.') : passed(RULES.username, account.username));

  const name = account.passwordEnv;
  let password: RequirementResult;
  if (!ENV_NAME.test(name)) {
    password = failed(RULES.password, `testAccount.passwordEnv ${JSON.stringify(clipText(name, 40))} is not an environment variable name.`,
      'Give the NAME of an environment variable (letters, digits, "_"), e.g. OIN_TEST_PASSWORD, and set it to the password.');
  } else if ((env[name] ?? '') === '') {
    password = failed(RULES.password, `The environment variable ${name} is not set (or empty).`, `Set ${name} to the test account password, e.g. export ${name}=… in the shell that runs the check.`);
  } else password = passed(RULES.password, `${name} is set (its value is never shown or written).`);
  out.push(password);

  const value = ENV_NAME.test(name) ? env[name] : undefined;
  if (password.status !== 'pass' || value === undefined) out.push(blocked(RULES.passwordNotInManifest, [RULES.password.id]));
  else if (manifestText === undefined) out.push(notApplicable(RULES.passwordNotInManifest, 'The manifest text was not given to the check.'));
  else if (value.length >= 4 && manifestText.includes(value)) out.push(failed(RULES.passwordNotInManifest, `The value of ${name} appears in the manifest file.`));
  else out.push(passed(RULES.passwordNotInManifest, 'The password is only in the environment.'));
  return out;
}

function checkOktaFields(manifest: SubmissionManifest, env: Readonly<Record<string, string | undefined>>): RequirementResult[] {
  const out: RequirementResult[] = [];
  const orgProblem = httpsProblem(manifest.okta.orgUrl, 'The Okta org URL', { allowPath: false });
  let host = '';
  try {
    host = new URL(manifest.okta.orgUrl.trim()).hostname;
  } catch {
    // reported by orgProblem
  }
  if (orgProblem) out.push(failed(RULES.orgUrl, orgProblem));
  else if (/-admin\./i.test(host)) {
    out.push(failed(RULES.orgUrl, `${host} is the Admin Console host; the API is on the org host without "-admin".`, `Use https://${host.replace(/-admin\./i, '.')}.`));
  } else out.push(passed(RULES.orgUrl, manifest.okta.orgUrl));

  const ids = manifest.okta.appInstanceIds;
  const badIds = ids.filter((id) => !APP_INSTANCE_ID.test(id));
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (ids.length === 0) out.push(failed(RULES.instanceIds, 'No app instance ids are listed.'));
  else if (badIds.length > 0) out.push(failed(RULES.instanceIds, `Not an Okta app instance id: ${listSome(badIds.map((b) => JSON.stringify(clipText(b, 40))))}.`));
  else if (dupes.length > 0) out.push(failed(RULES.instanceIds, `Listed more than once: ${listSome([...new Set(dupes)])}.`));
  else out.push(passed(RULES.instanceIds, listSome([...ids])));

  const tokenEnv = manifest.okta.tokenEnv ?? DEFAULT_OKTA_TOKEN_ENV;
  if (!ENV_NAME.test(tokenEnv)) {
    out.push(failed(RULES.token, `okta.tokenEnv ${JSON.stringify(clipText(tokenEnv, 40))} is not an environment variable name.`,
      'Give the NAME of an environment variable, e.g. OKTA_TOKEN, and set it to the API token.'));
  } else if ((env[tokenEnv] ?? '') === '') {
    out.push(failed(RULES.token, `The environment variable ${tokenEnv} is not set (or empty).`, `Set ${tokenEnv} to an Okta API token of the org (Security → API → Tokens).`));
  } else out.push(passed(RULES.token, `${tokenEnv} is set (never shown or written).`));
  return out;
}

/** The Okta token from the environment, when the manifest's variable is valid and set. */
export function oktaToken(manifest: SubmissionManifest, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const name = manifest.okta.tokenEnv ?? DEFAULT_OKTA_TOKEN_ENV;
  const value = ENV_NAME.test(name) ? env[name] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

export interface FieldCheckInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly manifestText?: string;
}

/** Every field rule, in manifest order (the logo is checked by check-logo.ts). */
export function checkFields(manifest: SubmissionManifest, input: FieldCheckInput): {
  catalog: RequirementResult[];
  variables: RequirementResult[];
  company: RequirementResult[];
  scim: RequirementResult[];
  support: RequirementResult[];
  testAccount: RequirementResult[];
  okta: RequirementResult[];
} {
  return {
    catalog: [
      checkDisplayName(manifest.catalog.displayName),
      manifest.catalog.description.trim() === ''
        ? failed(RULES.description, 'The description is empty.')
        : passed(RULES.description, `${characters(manifest.catalog.description.trim())} characters.`),
    ],
    variables: checkVariables(manifest),
    company: checkCompany(manifest),
    scim: checkScim(manifest),
    support: [emailDomain(manifest.support.email) === undefined
      ? failed(RULES.supportEmail, `${JSON.stringify(clipText(manifest.support.email, 80))} is not an email address.`)
      : passed(RULES.supportEmail, manifest.support.email.trim())],
    testAccount: checkTestAccount(manifest, input.env, input.manifestText),
    okta: checkOktaFields(manifest, input.env),
  };
}
