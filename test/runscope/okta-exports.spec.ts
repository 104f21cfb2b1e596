/**
 * Okta's own exports (read from OKTA_FILES_DIR, default ../shared/okta, never copied into the project) load unmodified,
 * map step for step as okta-runscope.md describes, render with dummy variables, and the SPEC
 * test passes end to end against a minimal correct SCIM server.
 */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { renderTemplate } from '../../src/engine/template.js';
import { createRedactor } from '../../src/http/redact.js';
import type { RequestStep, Suite } from '../../src/model/suite.js';
import { runScript } from '../../src/script/sandbox.js';
import { loadRunscopeExport } from '../../src/suite/formats/runscope.js';
import { oktaFile, readOktaFile, readOktaJson, requireOktaFiles } from '../helpers/okta-files.js';
import { startMiniScim } from './mini-scim.js';

const read = (name: string): string => readOktaFile(name);
const raw = (name: string): { steps: Record<string, unknown>[] } => readOktaJson<{ steps: Record<string, unknown>[] }>(name);

function load(file: string, script?: string, variables?: Record<string, string>): Suite {
  return loadRunscopeExport(read(file), {
    path: oktaFile(file),
    ...(script ? { initialScript: read(script), initialScriptPath: oktaFile(script) } : {}),
    ...(variables ? { variables } : {}),
  });
}

const requests = (s: Suite): RequestStep[] => s.steps.filter((x): x is RequestStep => x.kind === 'request');
const step = (s: Suite, n: number): RequestStep => {
  const found = requests(s).find((x) => x.sourceIndex === n);
  if (!found) throw new Error(`no request step ${n}`);
  return found;
};

interface ExportCase {
  file: string;
  script?: string;
  id: string;
  requests: number;
  pauses: number;
  readBack: string;
  optional: number[];
  inputs: string[];
  refs: string[];
}

const CASES: ExportCase[] = [
  {
    file: 'Okta-SCIM-20-SPEC-Test.json', script: 'Initial_Script_Spec.txt', id: 'okta-scim-2-0-spec-test', requests: 12, pauses: 11,
    readBack: '13:5000,17:5000', optional: [19], inputs: ['SCIMBaseURL', 'auth'], refs: ['RUNSCOPE', 'OKTA-SPEC'],
  },
  {
    file: 'Okta-SCIM-20-CRUD-Test.json', script: 'Initial_Script_CRUD.txt', id: 'okta-scim-2-0-crud-test', requests: 13, pauses: 6,
    readBack: '5:20000,8:20000,11:20000,15:20000,19:40000', optional: [], inputs: ['oktaOrgUrl', 'oktaAppId', 'oktaToken', 'SCIMUrl', 'SCIMAuth'], refs: ['RUNSCOPE', 'OKTA-CRUD'],
  },
  {
    file: 'Okta-SCIM-20-With-Entitlements-CRUD-Test.json', script: 'Initial_Script_CRUD.txt', id: 'okta-scim-2-0-with-entitlements-crud-test', requests: 14, pauses: 6,
    readBack: '6:20000,9:20000,12:20000,16:20000,20:40000', optional: [], inputs: ['oktaOrgUrl', 'oktaAppId', 'oktaToken', 'SCIMUrl', 'SCIMAuth'], refs: ['RUNSCOPE', 'OKTA-CRUD'],
  },
  {
    file: 'Okta-SCIM-20-Entitlements-Test.json', id: 'okta-scim-2-0-entitlements-test', requests: 1, pauses: 0,
    readBack: '', optional: [], inputs: ['SCIMBaseURL', 'EntitlementEndpoint', 'auth'], refs: ['RUNSCOPE', 'OKTA-OIN'],
  },
  {
    file: 'Okta-SCIM-20-SPEC-Test-old.json', script: 'Initial_Script_Spec.txt', id: 'okta-scim-2-0-spec-test', requests: 10, pauses: 9,
    readBack: '13:5000,17:5000', optional: [19], inputs: ['SCIMBaseURL', 'auth'], refs: ['RUNSCOPE', 'OKTA-SPEC'],
  },
  {
    file: 'Okta-SCIM-11-SPEC-Test.json', script: 'Initial_Script_Spec.txt', id: 'okta-scim-1-1-spec-test', requests: 16, pauses: 15,
    readBack: '5:5000,9:5000,13:5000,25:5000,29:5000', optional: [1, 3, 5, 7, 9, 11, 31], inputs: ['SCIMBaseURL', 'auth'], refs: ['RUNSCOPE', 'OKTA-SPEC'],
  },
  {
    file: 'Okta-SCIM-11-CRUD-Test.json', script: 'Initial_Script_CRUD.txt', id: 'okta-scim-1-1-crud-test', requests: 13, pauses: 7,
    readBack: '5:40000,8:40000,11:40000,16:40000,20:40000', optional: [], inputs: ['oktaOrgUrl', 'oktaAppId', 'oktaToken', 'SCIMUrl', 'SCIMAuth'], refs: ['RUNSCOPE', 'OKTA-CRUD'],
  },
];

/** Runs the initial script the way a session does and returns what it set. */
function initialVariables(script: string | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  if (!script) return vars;
  const outcome = runScript({ code: read(script), origin: script }, {
    variables: { get: (n) => vars[n], set: (n, v) => { vars[n] = String(v); } },
  }, createRedactor([]));
  expect(outcome.kind, outcome.error).to.equal('pass');
  return vars;
}

describe("runscope: Okta's exports load unmodified", () => {
  // Read in hooks, never while the file loads: a missing OKTA_FILES_DIR is one readable failure.
  before(() => { requireOktaFiles(); });

  for (const c of CASES) {
    describe(c.file, () => {
      let suite: Suite;
      before(() => { suite = load(c.file, c.script); });

      it(`has ${c.requests} request and ${c.pauses} pause steps, in the export's order`, () => {
        expect(suite.id).to.equal(c.id);
        expect(requests(suite)).to.have.length(c.requests);
        expect(suite.steps.filter((s) => s.kind === 'pause')).to.have.length(c.pauses);
        expect(suite.steps.map((s) => s.sourceIndex)).to.deep.equal(raw(c.file).steps.map((_s, i) => i + 1));
        expect(new Set(suite.steps.map((s) => s.id)).size).to.equal(suite.steps.length);
        for (const s of suite.steps) expect(s.id).to.match(/^[a-z0-9-]+\/\d{2}-[a-z0-9-]+$/);
        expect(suite.source).to.include({ format: 'runscope' });
        expect(suite.source.sha256).to.match(/^[0-9a-f]{64}$/);
      });

      it('keeps the notes as titles and takes the level from them', () => {
        raw(c.file).steps.forEach((r, i) => {
          if (r.step_type !== 'request') return;
          const s = step(suite, i + 1);
          expect(s.title).to.equal(String(r.note).trim());
          expect(s.level).to.equal(c.optional.includes(i + 1) ? 'optional' : 'required');
          expect(s.refs).to.deep.equal(c.refs);
          expect(s.requirement).to.match(/^Runscope assertions: /);
        });
      });

      it('marks the GET after a pause after a write as a read-back bounded by that pause', () => {
        expect(requests(suite).filter((s) => s.readBack).map((s) => `${s.sourceIndex}:${s.readBack?.boundMs}`).join(',')).to.equal(c.readBack);
      });

      it(`needs exactly ${c.inputs.join(', ')} from the user${c.script ? ' (with its initial script)' : ''}`, () => {
        expect(suite.inputs.map((i) => i.name)).to.deep.equal(c.inputs);
        for (const input of suite.inputs) expect(input.secret ?? false, input.name).to.equal(/auth|token/i.test(input.name));
      });

      it('renders every template with dummy inputs and the initial script (nothing missing)', () => {
        const vars: Record<string, string> = { ...initialVariables(c.script) };
        for (const input of suite.inputs) vars[input.name] = `dummy-${input.name}`;
        for (const s of requests(suite)) for (const x of s.extractions) vars[x.name] = `extracted-${x.name}`;
        for (const s of requests(suite)) {
          const templates = [s.request.url, s.request.body ?? '', ...s.request.headers.map(([, v]) => v), ...s.assertions.map((a) => a.value ?? '')];
          for (const t of templates) {
            const r = renderTemplate(t, (n) => vars[n]);
            expect(r.missing, `${s.id}: ${t}`).to.deep.equal([]);
            expect(r.errors, `${s.id}: ${t}`).to.deep.equal([]);
            expect(r.text).not.to.include('{{');
          }
        }
      });
    });
  }

  describe('field mapping (okta-runscope.md §3, §7.1)', () => {
    let crud: Suite;
    let crudRaw: { steps: Record<string, unknown>[] };
    before(() => {
      crud = load('Okta-SCIM-20-CRUD-Test.json', 'Initial_Script_CRUD.txt');
      crudRaw = raw('Okta-SCIM-20-CRUD-Test.json');
    });

    it('keeps CRLF bodies byte for byte', () => {
      const body = step(crud, 2).request.body ?? '';
      expect(body).to.equal(crudRaw.steps[1]?.body);
      expect(body).to.include('\r\n');
      expect(body.replace(/\r\n/g, '')).not.to.include('\n');
    });

    it('turns a plain-string header into one header and an array into one per element, in order', () => {
      const rawHeaders = crudRaw.steps[0]?.headers as Record<string, string | string[]>;
      expect(typeof rawHeaders.Authorization).to.equal('string');
      expect(Array.isArray(rawHeaders.Accept)).to.equal(true);
      expect(step(crud, 1).request.headers).to.deep.equal(Object.entries(rawHeaders).flatMap(([n, v]) => [v].flat().map((x) => [n, x])));
      expect(step(crud, 1).request.headers.filter(([n]) => n === 'Authorization')).to.deep.equal([['Authorization', 'SSWS {{oktaToken}}']]);
    });

    it('turns numeric assertion values into strings', () => {
      expect(step(crud, 1).assertions[0]).to.deep.equal({ source: 'response_status', comparison: 'equal_number', value: '200' });
      expect(step(crud, 17).assertions[0]?.value).to.equal('204');
    });

    it('drops the empty variable row and the empty script of step 15', () => {
      expect(step(crud, 15).extractions).to.deep.equal([]);
      expect(step(crud, 15).scripts).to.deep.equal([]);
      expect(step(crud, 5).extractions).to.deep.equal([{ name: 'scim_id', source: 'response_json', property: 'Resources[0].id' }]);
    });

    it('names steps by export and note, and keeps the Groups script of the SPEC test', () => {
      const spec = load('Okta-SCIM-20-SPEC-Test.json', 'Initial_Script_Spec.txt');
      expect(step(spec, 11).id).to.equal('okta-scim-2-0-spec-test/11-create-okta-user-with-realistic-values');
      expect(step(spec, 3).title).to.equal('Required Test: Get Users/{{id}}');
      expect(step(spec, 3).id).to.equal('okta-scim-2-0-spec-test/03-get-users-id');
      expect(step(spec, 11).scripts).to.deep.equal([]);
      expect(step(spec, 19).scripts).to.have.length(1);
      expect(step(spec, 19).scripts[0]?.code).to.include('assert("nogroups"');
      expect(step(spec, 19).scripts[0]?.origin).to.equal('step 19 post-response script 1');
      expect(spec.initial?.kind).to.equal('script');
    });

    it('runs the entitlements step once per endpoint when EntitlementEndpoint is a list', () => {
      const ent = load('Okta-SCIM-20-Entitlements-Test.json', undefined, { EntitlementEndpoint: '/Roles, /Entitlements' });
      expect(requests(ent).map((s) => [s.id, s.request.url, s.title])).to.deep.equal([
        ['okta-scim-2-0-entitlements-test/01-duplicate-the-request-for-multiple-entitlement-endpoints/roles', '{{SCIMBaseURL}}/Roles?count=1&startIndex=1', 'Duplicate the request for multiple Entitlement Endpoints (/Roles)'],
        ['okta-scim-2-0-entitlements-test/01-duplicate-the-request-for-multiple-entitlement-endpoints/entitlements', '{{SCIMBaseURL}}/Entitlements?count=1&startIndex=1', 'Duplicate the request for multiple Entitlement Endpoints (/Entitlements)'],
      ]);
      expect(ent.inputs.map((i) => i.name)).to.deep.equal(['SCIMBaseURL', 'auth']);
      const single = load('Okta-SCIM-20-Entitlements-Test.json', undefined, { EntitlementEndpoint: '/Roles' });
      expect(requests(single).map((s) => s.request.url)).to.deep.equal(['{{SCIMBaseURL}}{{EntitlementEndpoint}}?count=1&startIndex=1']);
      expect(single.inputs.find((i) => i.name === 'EntitlementEndpoint')?.description).to.include('comma-separated list');
    });
  });

  describe('the SPEC export end to end', () => {
    it('passes every step against a minimal correct SCIM server, with pauses skipped', async () => {
      const server = await startMiniScim('spec-token');
      try {
        const suite = load('Okta-SCIM-20-SPEC-Test.json', 'Initial_Script_Spec.txt');
        const report = await runPlan(
          { suites: [suite], variables: { SCIMBaseURL: server.url, auth: 'Bearer spec-token' }, secrets: ['auth'], grep: [] },
          { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 2000, readBackTimeoutMs: 300 },
          { toolVersion: 'test', target: {}, runOptions: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 2000, seedUser: false, keepTestData: false } },
        );
        const results = report.suites[0]?.steps.filter((s) => s.kind === 'request') ?? [];
        expect(results.map((r) => `${r.stepId}: ${r.verdict} ${r.reason ?? ''}`.trim())).to.deep.equal(results.map((r) => `${r.stepId}: pass`));
        expect(report.summary.runscopeVerdict).to.equal('pass');
        // The unmodified wire: plain-JSON create with the export's headers, filters percent-encoded.
        const create = server.requests.find((r) => r.line === 'POST /Users');
        expect(create?.contentType).to.equal('application/json');
        expect(server.requests.map((r) => r.line)).to.include.members(['GET /Users?count=1&startIndex=1', 'GET /Users/00919288221112222']);
        // Values percent-encoded as one query component, `@` as `%40`: what Okta itself sends (okta-wire.md §1.3).
        expect(server.requests.some((r) => /^GET \/Users\?filter=userName%20eq%20%22Runscope\d{3}[A-Z][a-z]{8}\d{3}%40atko\.com%22$/.test(r.line))).to.equal(true);
        expect(JSON.stringify(report)).not.to.include('spec-token');
      } finally {
        await server.close();
      }
    });
  });
});
