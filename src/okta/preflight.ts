/**
 * Before a CRUD run touches anything: is the Okta side usable? Checks the org URL, the API
 * token, the app instance, its status and its provisioning features, with GETs only, and says
 * how to fix each problem (okta-wire.md §2.2 Apps; okta-runscope.md §3.2 "what the org must
 * be set up with").
 */
import type { OktaApp } from './api-types.js';
import type { OktaClient } from './client.js';
import { OktaApiError } from './okta-api-error.js';
import { CRUD_FEATURES, FEATURE_LABELS } from './provisioning-features.js';

export type PreflightVariable = 'oktaToken' | 'oktaAppId' | 'oktaOrgUrl';

export interface PreflightProblem {
  /** The setting to change (CLI `--okta-token`, `--okta-app-id`, `--okta-org-url`). */
  readonly variable: PreflightVariable;
  readonly message: string;
  readonly fix: string;
}

/** Problems that make an Okta CRUD run pointless; empty when the org is ready. */
export async function preflightOkta(client: OktaClient, appId: string): Promise<readonly PreflightProblem[]> {
  const local = [...checkOrgUrl(client.orgUrl), ...checkAppId(appId)];
  if (local.length > 0) return local;

  let app: OktaApp;
  try {
    app = await client.getApp(appId);
  } catch (err) {
    if (err instanceof OktaApiError) return [problemFromError(err, client.orgUrl, appId)];
    throw err;
  }
  return [...checkAppStatus(app), ...checkFeatures(app)];
}

/** Okta serves its API on `https://{org}` only; admin and app-path URLs are common mistakes. */
function checkOrgUrl(orgUrl: string): PreflightProblem[] {
  const fix = 'Set --okta-org-url (OKTA_ORG_URL) to your org\'s base URL, e.g. https://dev-123456.okta.com (no path).';
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    return [{ variable: 'oktaOrgUrl', message: `The Okta org URL "${orgUrl}" is not a URL.`, fix }];
  }
  const problems: PreflightProblem[] = [];
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push({ variable: 'oktaOrgUrl', message: `The Okta org URL ${orgUrl} does not use https (Okta serves its API over HTTPS only).`, fix });
  }
  if (/-admin\./i.test(url.hostname)) {
    problems.push({
      variable: 'oktaOrgUrl',
      message: `The Okta org URL ${orgUrl} is the Admin Console host.`,
      fix: `Use the org host without "-admin": https://${url.host.replace(/-admin\./i, '.')}`,
    });
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    problems.push({ variable: 'oktaOrgUrl', message: `The Okta org URL ${orgUrl} has a path (${url.pathname}); the runner adds /api/v1/… itself.`, fix });
  }
  return problems;
}

function checkAppId(appId: string): PreflightProblem[] {
  if (appId.trim() !== '' && !/[/?#\s]/.test(appId)) return [];
  return [{ variable: 'oktaAppId', message: `The Okta app id "${appId}" is empty or not an id.`, fix: APP_ID_FIX }];
}

const APP_ID_FIX =
  'Set --okta-app-id (OKTA_APP_ID) to the app instance id (0oa…): open the app in the Admin Console; the id is the last part of the URL …/admin/app/<name>/instance/<appId>/.';
const TOKEN_FIX =
  'Create an API token in the Admin Console (Security → API → Tokens) as an admin who can manage users and apps, and pass it alone (without "SSWS ") as --okta-token (OKTA_TOKEN).';

function problemFromError(err: OktaApiError, orgUrl: string, appId: string): PreflightProblem {
  if (err.kind === 'transport') {
    return {
      variable: 'oktaOrgUrl',
      message: `Could not reach the Okta org at ${orgUrl}: ${err.message}`,
      fix: 'Check --okta-org-url (OKTA_ORG_URL), DNS and any proxy; the URL looks like https://dev-123456.okta.com.',
    };
  }
  if (err.status === 401) {
    return { variable: 'oktaToken', message: `Okta rejected the API token (${err.errorCode ?? '401'} ${err.errorSummary ?? 'Unauthorized'}).`, fix: TOKEN_FIX };
  }
  if (err.status === 403) {
    return {
      variable: 'oktaToken',
      message: `The API token may not read app ${appId} (${err.errorCode ?? '403'} ${err.errorSummary ?? 'Forbidden'}).`,
      fix: 'Use a token created by a Super Administrator or an Application + Group/User administrator for this app.',
    };
  }
  // A 404 without an Okta error body is a web server that is not Okta, not a missing app.
  if (err.status === 404 && err.errorCode !== undefined) {
    return { variable: 'oktaAppId', message: `Okta has no app with id ${appId} in ${orgUrl} (${err.errorCode ?? '404'}).`, fix: APP_ID_FIX };
  }
  if (err.kind === 'invalid-response' || err.errorCode === undefined) {
    return {
      variable: 'oktaOrgUrl',
      message: `${orgUrl} did not answer like an Okta org: ${err.message}`,
      fix: 'Set --okta-org-url (OKTA_ORG_URL) to the org base URL, e.g. https://dev-123456.okta.com.',
    };
  }
  return { variable: 'oktaOrgUrl', message: `Reading app ${appId} failed: ${err.message}`, fix: 'Check the org status and retry; quote the X-Okta-Request-Id to Okta support.' };
}

function checkAppStatus(app: OktaApp): PreflightProblem[] {
  if (app.status === 'ACTIVE') return [];
  return [
    {
      variable: 'oktaAppId',
      message: `App ${app.id}${app.label ? ` (${app.label})` : ''} is ${app.status ?? 'of unknown status'}, not ACTIVE; Okta does not provision an inactive app.`,
      fix: 'Activate the app in the Admin Console (Applications → the app → Active), or pass the id of an active instance.',
    },
  ];
}

/** Why the CRUD test needs each feature (okta-runscope.md §3 step numbers). */
const CRUD_NEEDS: Readonly<Record<string, string>> = {
  PUSH_NEW_USERS: 'step 5 expects the assigned user to exist in the SCIM app',
  PUSH_PROFILE_UPDATES: 'step 8 expects the first-name change to reach the SCIM app',
  PUSH_USER_DEACTIVATION: 'steps 11 and 19 expect active=false in the SCIM app',
  REACTIVATE_USERS: 'step 15 expects the same SCIM user to become active again on re-assignment',
};

function checkFeatures(app: OktaApp): PreflightProblem[] {
  const features = new Set(Array.isArray(app.features) ? app.features : []);
  const missing = CRUD_FEATURES.filter((f) => !features.has(f));
  if (missing.length === 0) return [];
  const where = `In the Admin Console open the app → Provisioning → To App → Edit`;
  if (missing.length === CRUD_FEATURES.length) {
    return [
      {
        variable: 'oktaAppId',
        message: `App ${app.id} has none of the provisioning features the CRUD test needs (${missing.join(', ')}).`,
        fix: `Enable provisioning (Provisioning → Integration → Enable API integration, enter the SCIM base URL and credentials, Test, Save), then ${where.charAt(0).toLowerCase()}${where.slice(1)} and enable ${[...new Set(missing.map((f) => `"${FEATURE_LABELS[f]}"`))].join(', ')}.`,
      },
    ];
  }
  return missing.map((f) => ({
    variable: 'oktaAppId' as const,
    message: `Provisioning feature ${f} ("${FEATURE_LABELS[f]}") is not enabled on app ${app.id}; CRUD ${CRUD_NEEDS[f] ?? 'needs it'}.`,
    fix: `${where}, enable "${FEATURE_LABELS[f]}" and Save.`,
  }));
}
