/**
 * The Okta org, through the Management API (a real org with an API token, or the emulator):
 * the required app instances exist and are ACTIVE, and the org has at most 5 active
 * instances of the app (the OIN Wizard's limit for a submission's test org).
 */
import type { OktaApp } from '../okta/api-types.js';
import type { OktaListQuery } from '../okta/client.js';
import { OktaApiError } from '../okta/okta-api-error.js';
import {
  blocked,
  failed,
  listSome,
  passed,
  ruleFor,
  type RequirementResult,
  type RequirementRule,
} from './requirement.js';

/** The Okta API calls the check makes; `OktaClient` satisfies it. */
export interface OktaAppsApi {
  getApp(appId: string): Promise<OktaApp>;
  listApps(query?: OktaListQuery): Promise<readonly OktaApp[]>;
}

/** Most ACTIVE instances of the integration's app an org may have when submitting. */
export const MAX_ACTIVE_INSTANCES = 5;

export const OKTA_RULES = {
  access: {
    id: 'okta.api-access', section: 'okta', field: 'okta.orgUrl',
    title: 'The Okta Management API answers with the token',
    fix: 'Check okta.orgUrl and that the token is valid for that org and belongs to an admin who can read apps (super admin, or app and org admin).',
  },
  instance: {
    id: 'okta.app-instance', section: 'okta', field: 'okta.appInstanceIds',
    title: 'Required app instance exists and is ACTIVE',
    fix: 'Generate the instance from the OIN Wizard (Test integration → Generate instance) and keep it ACTIVE; list its id in okta.appInstanceIds.',
  },
  limit: {
    id: 'okta.active-instance-limit', section: 'okta', field: 'okta.appInstanceIds',
    title: `At most ${MAX_ACTIVE_INSTANCES} active instances of the app in the org`,
    fix: 'Deactivate the test instances you no longer need (Test integration → Application instances for testing → ACTIVE toggle).',
  },
} as const satisfies Record<string, RequirementRule>;

export interface OktaCheckInput {
  readonly appInstanceIds: readonly string[];
  /** Requirement ids that must hold before the API is called (token, org URL, ids). */
  readonly prerequisitesFailing: readonly string[];
  /** Undefined only when prerequisites fail. */
  readonly api?: OktaAppsApi;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isNotFound(e: unknown): boolean {
  return e instanceof OktaApiError && e.status === 404;
}

function isAuthProblem(e: unknown): boolean {
  return e instanceof OktaApiError && (e.status === 401 || e.status === 403);
}

/** Every Okta org requirement. */
export async function checkOkta(input: OktaCheckInput): Promise<RequirementResult[]> {
  const instanceRule = (id: string): RequirementRule => ruleFor(OKTA_RULES.instance, id, `Required app instance ${id} exists and is ACTIVE`);
  const instanceRules = input.prerequisitesFailing.includes('okta.app-instance-ids') ? [OKTA_RULES.instance] : input.appInstanceIds.map(instanceRule);
  if (input.prerequisitesFailing.length > 0 || input.api === undefined) {
    const by = input.prerequisitesFailing.length > 0 ? [...input.prerequisitesFailing] : ['okta.token'];
    return [blocked(OKTA_RULES.access, by), ...instanceRules.map((rule) => blocked(rule, by)), blocked(OKTA_RULES.limit, by)];
  }
  const api = input.api;

  let active: readonly OktaApp[];
  try {
    active = await api.listApps({ filter: 'status eq "ACTIVE"' });
  } catch (e) {
    const fix = isAuthProblem(e)
      ? 'The token was refused: create a new API token in this org (Security → API → Tokens) as an admin who can read apps, and put it in the token environment variable.'
      : undefined;
    const access = failed(OKTA_RULES.access, describe(e), fix);
    return [access, ...instanceRules.map((rule) => blocked(rule, [OKTA_RULES.access.id])), blocked(OKTA_RULES.limit, [OKTA_RULES.access.id])];
  }
  const out: RequirementResult[] = [passed(OKTA_RULES.access, `Reached the org; ${active.length} active app instance(s) in total.`)];

  const found: OktaApp[] = [];
  for (const id of input.appInstanceIds) {
    const rule = instanceRule(id);
    let app: OktaApp;
    try {
      app = await api.getApp(id);
    } catch (e) {
      out.push(isNotFound(e)
        ? failed(rule, `There is no app instance ${id} in the org.`, 'Check the id (Applications → the instance → the 0oa… id in its URL), or generate the instance from the OIN Wizard.')
        : failed(rule, describe(e)));
      continue;
    }
    found.push(app);
    const what = app.label !== undefined && app.name !== undefined ? `${app.label} (${app.name})` : app.label ?? app.name ?? id;
    if (app.status !== 'ACTIVE') {
      out.push(failed(rule, `${what} is ${app.status ?? 'of unknown status'}, not ACTIVE.`, `Activate instance ${id} (Applications → the instance → Activate), or generate a new one from the OIN Wizard.`));
    } else out.push(passed(rule, `${what} is ACTIVE.`));
  }

  const names = [...new Set(found.map((a) => a.name).filter((n): n is string => typeof n === 'string' && n !== ''))];
  if (names.length === 0) {
    out.push(blocked(OKTA_RULES.limit, input.appInstanceIds.map((id) => `${OKTA_RULES.instance.id}:${id}`), 'Not checked: no required instance was found, so the app is unknown.'));
    return out;
  }
  const over = names
    .map((name) => ({ name, count: active.filter((a) => a.name === name).length }))
    .filter((n) => n.count > MAX_ACTIVE_INSTANCES);
  out.push(over.length > 0
    ? failed(OKTA_RULES.limit, `${listSome(over.map((o) => `${o.count} active instances of ${o.name}`))}; at most ${MAX_ACTIVE_INSTANCES} are allowed.`)
    : passed(OKTA_RULES.limit, listSome(names.map((name) => `${active.filter((a) => a.name === name).length} active instance(s) of ${name}`))));
  return out;
}
