/**
 * The Okta Management API steps of `okta-crud` and `okta-groups` are proven able to fail
 * (DESIGN.md core decision 11, for the steps that talk to the Okta org rather than to the SCIM
 * server): each suite runs against the Okta org emulator set up wrongly in one way, and the
 * steps that must not pass — with their verdicts — are listed per scenario in
 * fixtures/expectations.json ("oktaApiScenarios"). Every Okta step of both suites fails or
 * warns in at least one scenario, failures carry Okta's own error, skipped SCIM steps name the
 * step that did not produce their input, and the suite's cleanup leaves nothing in the org.
 *
 * Most scenarios are the emulator's own misconfigurations (a wrong API token, an unknown app
 * instance, an app without Group Push) or bad test data given as variables (`--var`). The
 * emulator does not model admin roles or Okta-side errors, so the rest put a small front
 * between the suite and the emulator that answers chosen calls with Okta's error body: a token
 * whose admin role may not manage group membership (403 E0000006), or Okta failing one call
 * with 500 E0000009 (a later retry — the cleanup's — succeeds).
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import type { RunReport } from '../../src/model/report.js';
import type { StepResult } from '../../src/model/result.js';
import type { Suite } from '../../src/model/suite.js';
import { startOktaEmulator, type OktaEmulator } from '../../src/okta/emulator/index.js';
import { DEFAULT_EMULATOR_FEATURES } from '../../src/okta/provisioning-features.js';
import { findSuites } from '../../src/suite/registry.js';
import { REFERENCE_AUTH, startTargets } from '../helpers/targets.js';

const expectations = JSON.parse(readFileSync(new URL('../../fixtures/expectations.json', import.meta.url), 'utf8')) as {
  oktaApiScenarios: Record<string, Record<string, string>>;
};

const RUN_OPTIONS = { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: false, keepTestData: false } as const;

/** An Okta error answer the front gives instead of the emulator's. */
interface Injected {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly errorCode: string;
  readonly errorSummary: string;
  /** How many matching calls get the error; all of them when absent. */
  readonly times?: number;
  /** Matching calls let through before the first error (default 0). */
  readonly after?: number;
}

interface Scenario {
  /** `<suite id>/<what is wrong>`, the key in fixtures/expectations.json. */
  readonly name: string;
  /** What is wrong, as a user would see it. */
  readonly description: string;
  readonly emulator?: { readonly features?: readonly string[] };
  /** Variables that replace the right ones (as --okta-token, --okta-app-id, --var would). */
  readonly variables?: (emulator: OktaEmulator) => Record<string, string>;
  readonly inject?: readonly Injected[];
  /** Text each failing Okta step's reason or response shows. */
  readonly oktaError: RegExp;
}

const NO_PERMISSION = { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission to perform the requested action' };
const INTERNAL_ERROR = { status: 500, errorCode: 'E0000009', errorSummary: 'Internal Server Error' };
const UNKNOWN_APP_ID = '0oa0000000000unknown';

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'okta-crud/wrong-token',
    description: 'the Okta API token is wrong: every Okta call answers 401',
    variables: () => ({ oktaToken: '00wrong-token-000000000000000000000000000' }),
    oktaError: /E0000011|Invalid token provided/,
  },
  {
    name: 'okta-crud/unknown-app-id',
    description: 'oktaAppId names no app instance of the org: app calls answer 404',
    variables: () => ({ oktaAppId: UNKNOWN_APP_ID }),
    oktaError: /E0000007|AppInstance/,
  },
  {
    name: 'okta-crud/blank-updated-first-name',
    description: 'the updated first name (--var okta_user_firstname_update) is blank: Okta refuses the profile',
    variables: () => ({ okta_user_firstname_update: ' ' }),
    oktaError: /E0000001|E0000075|E0000007/,
  },
  {
    name: 'okta-crud/deactivation-fails-once',
    description: 'Okta answers the user deactivation 500 once (the cleanup\'s later one succeeds)',
    inject: [{ method: 'POST', path: /^\/api\/v1\/users\/[^/]+\/lifecycle\/deactivate$/, times: 1, ...INTERNAL_ERROR }],
    oktaError: /E0000009|E0000016/,
  },
  {
    name: 'okta-groups/wrong-token',
    description: 'the Okta API token is wrong: every Okta call answers 401',
    variables: () => ({ oktaToken: '00wrong-token-000000000000000000000000000' }),
    oktaError: /E0000011|Invalid token provided/,
  },
  {
    name: 'okta-groups/unknown-app-id',
    description: 'oktaAppId names no app instance of the org: app calls answer 404',
    variables: () => ({ oktaAppId: UNKNOWN_APP_ID }),
    oktaError: /E0000007|AppInstance/,
  },
  {
    name: 'okta-groups/app-without-group-push',
    description: 'the app instance does not have Group Push enabled',
    emulator: { features: DEFAULT_EMULATOR_FEATURES.filter((feature) => feature !== 'GROUP_PUSH') },
    oktaError: /GROUP_PUSH/,
  },
  {
    name: 'okta-groups/no-group-membership-permission',
    description: 'the token\'s admin role may not manage group membership: those calls answer 403',
    inject: [{ method: 'PUT|DELETE', path: /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/, ...NO_PERMISSION }],
    oktaError: /E0000006/,
  },
  {
    name: 'okta-groups/blank-new-group-name',
    description: 'the new group name (--var okta_group_name_update) is blank: Okta refuses the rename',
    variables: () => ({ okta_group_name_update: ' ' }),
    oktaError: /E0000001/,
  },
  {
    name: 'okta-groups/mapping-deactivation-fails-once',
    description: 'Okta answers the push mapping deactivation 500 once (the cleanup\'s later one succeeds)',
    inject: [{ method: 'PATCH', path: /^\/api\/v1\/apps\/[^/]+\/group-push\/mappings\/[^/]+$/, times: 1, ...INTERNAL_ERROR }],
    oktaError: /E0000009|Deactivate the group push mapping/,
  },

  // okta-plan/…: a wrong token, an unknown app, and Okta refusing every change a suite's steps
  // make (500 E0000009), counted so that the cleanup's own calls, which come after, succeed.
  ...planScenarios('users', [
    rule('POST', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/, 2), rule('POST', /^\/api\/v1\/users\/[^/]+$/, 1),
    rule('POST', /^\/api\/v1\/users\/[^/]+\/lifecycle\/[a-z]+$/, 4), rule('DELETE', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/, 1),
    rule('GET', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/, 1000),
  ]),
  ...planScenarios('group-assignment', [
    rule('DELETE', /^\/api\/v1\/apps\/[^/]+\/groups\/[^/]+$/, 1), rule('GET', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/, 1000),
  ]),
  {
    name: 'okta-plan/group-assignment/membership-refused',
    description: 'the token\'s admin role may not manage group membership: those calls answer 403',
    inject: [{ method: 'PUT', path: /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/, ...NO_PERMISSION }],
    oktaError: /E0000006/,
  },
  ...planScenarios('group-push', [
    rule('POST', /^\/api\/v1\/apps\/[^/]+\/users$/, 2), rule('PUT|DELETE', /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/, 7),
    rule('PUT|POST', /^\/emulator\//, 4),
  ]),
  {
    name: 'okta-plan/group-push/mappings-refused',
    description: 'Okta refuses to create group push mappings (500)',
    inject: [rule('POST', /^\/api\/v1\/apps\/[^/]+\/group-push\/mappings$/, 5)],
    oktaError: /E00000\d\d/,
  },
  {
    name: 'okta-plan/group-push/last-unlinks-refused',
    description: 'Okta refuses the deactivation of the last two mappings the run unlinks (500), then accepts the cleanup\'s',
    inject: [{ ...rule('PATCH', /^\/api\/v1\/apps\/[^/]+\/group-push\/mappings\/[^/]+$/, 2), after: 7 }],
    oktaError: /E00000\d\d|Deactivate the group push mapping/,
  },
  {
    name: 'okta-plan/group-push/mapping-changes-refused',
    description: 'Okta refuses to change or delete group push mappings (500), then accepts the cleanup\'s',
    inject: [rule('PATCH', /^\/api\/v1\/apps\/[^/]+\/group-push\/mappings\/[^/]+$/, 8), rule('DELETE', /^\/api\/v1\/apps\/[^/]+\/group-push\/mappings\/[^/]+$/, 4)],
    oktaError: /E00000\d\d/,
  },
  ...planScenarios('push-rules', [rule('PUT', /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/, 1), rule('POST', /^\/emulator\//, 2)]),
  {
    name: 'okta-plan/push-rules/rule-changes-refused',
    description: 'Okta refuses to deactivate or delete Group Push rules (500), then accepts the cleanup\'s',
    inject: [rule('PATCH|DELETE', /^\/emulator\/v1\/apps\/[^/]+\/group-push\/rules\/[^/]+$/, 3)],
    oktaError: /E00000\d\d/,
  },
  ...planScenarios('import', [rule('GET|POST', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/, 1000)]),
  ...planScenarios('user-schema', [rule('POST', /^\/emulator\//, 1), rule('GET', /^\/api\/v1\/meta\/schemas\//, 1000)]),
  ...planScenarios('password-sync', [rule('POST', /^\/api\/v1\/users\/[^/]+$/, 2), rule('GET', /^\/api\/v1\/apps\/[^/]+\/users\/[^/]+$/, 1000)]),
];

/** One call pattern Okta answers 500 E0000009 for, `times` times. */
function rule(method: string, path: RegExp, times: number): Injected {
  return { method, path, times, ...INTERNAL_ERROR };
}

/** The three scenarios of one okta-plan suite. */
function planScenarios(suite: string, refused: readonly Injected[]): Scenario[] {
  return [
    { name: `okta-plan/${suite}/wrong-token`, description: 'the Okta API token is wrong: every Okta call answers 401', variables: () => ({ oktaToken: '00wrong-token-000000000000000000000000000' }), oktaError: /E0000011|Invalid token provided/ },
    { name: `okta-plan/${suite}/unknown-app-id`, description: 'oktaAppId names no app instance of the org: app calls answer 404', variables: () => ({ oktaAppId: UNKNOWN_APP_ID }), oktaError: /E0000007|AppInstance/ },
    { name: `okta-plan/${suite}/okta-refuses-changes`, description: 'Okta answers the suite\'s changes 500 (the cleanup\'s later calls succeed)', inject: refused, oktaError: /E00000\d\d/ },
  ];
}

/** The steps of `suite` that call the Okta Management API (their URL starts with {{oktaOrgUrl}}). */
function oktaApiStepIds(suite: Suite): string[] {
  return suite.steps.flatMap((step) => (step.kind === 'request' && step.request.url.startsWith('{{oktaOrgUrl}}') ? [step.id] : []));
}

function suiteOf(scenario: Scenario): Suite {
  // `okta-crud/wrong-token` → okta-crud; `okta-plan/users/wrong-token` → okta-plan/users.
  const [suite] = findSuites([scenario.name.slice(0, scenario.name.lastIndexOf('/'))]).suites;
  if (suite === undefined) throw new Error(`no suite for ${scenario.name}`);
  return suite;
}

/** A loopback front for the emulator that answers the `inject` calls with Okta's error body. */
async function startFront(target: string, inject: readonly Injected[]): Promise<{ url: string; close(): Promise<void> }> {
  const used = new Map<Injected, number>();
  const seen = new Map<Injected, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://front').pathname;
    const matching = inject.filter((r) => r.method.split('|').includes(req.method ?? '') && r.path.test(path));
    for (const r of matching) seen.set(r, (seen.get(r) ?? 0) + 1);
    const rule = matching.find((r) => (seen.get(r) ?? 0) > (r.after ?? 0) && (r.times === undefined || (used.get(r) ?? 0) < r.times));
    if (rule !== undefined) {
      used.set(rule, (used.get(rule) ?? 0) + 1);
      req.resume();
      res.writeHead(rule.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errorCode: rule.errorCode, errorSummary: rule.errorSummary, errorLink: rule.errorCode, errorId: 'oaeFront', errorCauses: [] }));
      return;
    }
    const upstream = httpRequest(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

interface ScenarioRun {
  readonly report: RunReport;
  readonly left: { readonly oktaUsers: number; readonly oktaGroups: number; readonly pushMappings: number; readonly scimGroups: number };
}

async function runScenario(scenario: Scenario): Promise<ScenarioRun> {
  const targets = await startTargets();
  const emulator = await startOktaEmulator({ scimUrl: targets.server.baseUrl, scimAuth: REFERENCE_AUTH, port: 0, ...scenario.emulator });
  const front = scenario.inject ? await startFront(emulator.orgUrl, scenario.inject) : undefined;
  try {
    const variables = {
      ...targets.variables,
      oktaOrgUrl: front?.url ?? emulator.orgUrl,
      oktaAppId: emulator.appId,
      oktaToken: emulator.token,
      ...scenario.variables?.(emulator),
    };
    const report = await runPlan(
      { suites: [suiteOf(scenario)], variables, secrets: ['auth', 'SCIMAuth', 'oktaToken'], grep: [] },
      { ...DEFAULT_ENGINE_OPTIONS, readBackTimeoutMs: 300, timeoutMs: 5000 },
      // As the CLI does: read-backs of Okta's pushes are judged once the emulator's pushes settled.
      { toolVersion: 'test', target: {}, runOptions: RUN_OPTIONS, provisioning: { log: () => emulator.provisioningLog(), failures: () => emulator.pushFailures(), settled: () => emulator.awaitIdle() } },
    );
    await emulator.awaitIdle();
    return {
      report,
      left: {
        oktaUsers: emulator.users().length,
        oktaGroups: emulator.groups().length,
        pushMappings: emulator.groupPushMappings().filter((m) => !m.deleted).length,
        scimGroups: targets.server.groups().length,
      },
    };
  } finally {
    await front?.close();
    await emulator.close();
    await targets.close();
  }
}

function requestSteps(report: RunReport): StepResult[] {
  return report.suites.flatMap((suite) => suite.steps.filter((step) => step.kind === 'request'));
}

function nonPassing(report: RunReport): Record<string, string> {
  return Object.fromEntries(requestSteps(report).filter((step) => step.verdict !== 'pass').map((step) => [step.stepId, step.verdict]));
}

describe('Okta API steps proven able to fail (okta-crud, okta-groups against a misconfigured Okta org)', function () {
  this.timeout(60_000);

  it('the scenario table and fixtures/expectations.json name the same scenarios', () => {
    expect(Object.keys(expectations.oktaApiScenarios).sort()).to.deep.equal(SCENARIOS.map((s) => s.name).sort());
  });

  it('every Okta Management API step of both suites fails or warns in at least one scenario', () => {
    const caught = new Set(Object.values(expectations.oktaApiScenarios).flatMap((steps) =>
      Object.entries(steps).filter(([, verdict]) => verdict === 'fail' || verdict === 'warn').map(([id]) => id)));
    const oktaSteps = findSuites(['okta-crud', 'okta-groups']).suites.flatMap(oktaApiStepIds);
    expect(oktaSteps).to.have.length(8 + 13);
    expect(oktaSteps.filter((id) => !caught.has(id)), 'Okta steps no scenario proves able to fail').to.deep.equal([]);
  });

  for (const scenario of SCENARIOS) {
    const expected = expectations.oktaApiScenarios[scenario.name] ?? {};
    it(`${scenario.name}: ${scenario.description} — exactly ${Object.keys(expected).length} step(s) do not pass; nothing is left`, async () => {
      const { report, left } = await runScenario(scenario);
      expect(nonPassing(report)).to.deep.equal(expected);

      const oktaSteps = new Set(oktaApiStepIds(suiteOf(scenario)));
      for (const step of requestSteps(report)) {
        if (step.verdict === 'skip') {
          expect(step.reason, `${step.stepId} names the step that did not produce its input`).to.match(/^needs \{\{\w+\}\}, which step okta-(crud|groups|plan\/[\w-]+)\/[\w-]+ did not produce/);
        }
        if (oktaSteps.has(step.stepId) && (step.verdict === 'fail' || step.verdict === 'warn')) {
          const shown = `${step.reason ?? ''} ${step.exchange?.response?.body.text ?? ''}`;
          expect(shown, `${step.stepId} shows Okta's error`).to.match(scenario.oktaError);
        }
      }
      for (const cleanup of report.suites.flatMap((suite) => suite.cleanup)) expect(cleanup.ok, `cleanup: ${cleanup.title} — ${cleanup.message ?? ''}`).to.equal(true);
      expect(left, 'left in the Okta org and on the SCIM server').to.deep.equal({ oktaUsers: 0, oktaGroups: 0, pushMappings: 0, scimGroups: 0 });
    });
  }
});
