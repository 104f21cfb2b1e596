/**
 * Schema-driven validation (src/scim/schema-validation.ts, schema-validation-run.ts): a table
 * of bodies and the findings (path + rule) each must give, the conformant reference server's
 * answers giving none against the RFC schemas and its own /Schemas, and the run-level rules:
 * only SCIM answers of native suites, projections relax `required`, one report per finding and
 * suite, a target's /Schemas learned from the answers the run sees.
 */
import { expect } from 'chai';
import { DEFAULT_ENGINE_OPTIONS } from '../../src/engine/options.js';
import { runPlan } from '../../src/engine/run-plan.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { rfc7644Suite } from '../../suites/rfc7644.js';
import { TargetSchemas, validateScimResponse, type SchemaFinding } from '../../src/scim/schema-validation.js';
import { completeScimRequest, MAX_FINDINGS_PER_STEP, schemaChecks, type SchemaCheckInput } from '../../src/scim/schema-validation-run.js';
import { USER_SCHEMA } from '../../src/scim/schemas.js';
import { ENTERPRISE_USER_SCHEMA_URN, ERROR_URN, GROUP_SCHEMA_URN, LIST_RESPONSE_URN, SCHEMA_SCHEMA_URN, USER_SCHEMA_URN } from '../../src/scim/urns.js';

const USER = { schemas: [USER_SCHEMA_URN], id: 'u1', userName: 'ada@example.com', meta: { resourceType: 'User', created: '2026-01-02T03:04:05Z' } };
const pick = (findings: readonly SchemaFinding[]): string[] => findings.map((f) => `${f.path} ${f.rule}`);

interface Row {
  readonly name: string;
  readonly status?: number;
  readonly json: unknown;
  readonly projected?: boolean;
  readonly findings: readonly string[];
}

const ROWS: readonly Row[] = [
  { name: 'a correct user', json: USER, findings: [] },
  { name: 'a boolean sent as a string', json: { ...USER, active: 'true' }, findings: ['active RFC7643-2.3.2'] },
  { name: 'a sub-attribute boolean as a string, in an array', json: { ...USER, emails: [{ value: 'a@b.c', primary: 'true' }] }, findings: ['emails[0].primary RFC7643-2.3.2'] },
  { name: 'a multi-valued attribute as one object', json: { ...USER, emails: { value: 'a@b.c' } }, findings: ['emails RFC7643-2.4'] },
  { name: 'a single-valued attribute as an array', json: { ...USER, displayName: ['Ada'] }, findings: ['displayName RFC7643-2.4'] },
  { name: 'a single-valued complex attribute as an array', json: { ...USER, name: [{ givenName: 'Ada' }] }, findings: ['name RFC7643-2.4'] },
  { name: 'a single-valued sub-attribute as an array', json: { ...USER, name: { givenName: ['Ada'] }, meta: { created: ['2026-01-02T03:04:05Z'] } }, findings: ['name.givenName RFC7643-2.4', 'meta.created RFC7643-2.4'] },
  { name: 'a single-valued boolean as an empty array', json: { ...USER, active: [] }, findings: ['active RFC7643-2.4'] },
  { name: 'a dateTime as epoch milliseconds', json: { ...USER, meta: { created: 1767225600000 } }, findings: ['meta.created RFC7643-2.3.5'] },
  { name: 'a dateTime without time zone is xsd:dateTime', json: { ...USER, meta: { created: '2026-01-02T03:04:05' } }, findings: [] },
  { name: 'password returned', json: { ...USER, password: 'secret' }, findings: ['password RFC7643-7'] },
  { name: 'password returned, name in another case', json: { ...USER, PassWord: 'secret' }, findings: ['password RFC7643-7'] },
  { name: 'no id', json: { schemas: [USER_SCHEMA_URN], userName: 'x' }, findings: ['id RFC7643-3.1'] },
  { name: 'no userName (required)', json: { schemas: [USER_SCHEMA_URN], id: 'u1' }, findings: ['userName RFC7643-7'] },
  { name: 'no userName, but attributes were projected', json: { schemas: [USER_SCHEMA_URN], id: 'u1' }, projected: true, findings: [] },
  { name: 'null and empty values are unassigned (RFC7643-2.5)', json: { ...USER, title: null, emails: [], name: null }, findings: [] },
  { name: 'an enterprise extension attribute of the wrong type', json: { ...USER, schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN], [ENTERPRISE_USER_SCHEMA_URN]: { manager: 'boss' } }, findings: [`["${ENTERPRISE_USER_SCHEMA_URN}"].manager RFC7643-2.3.8`] },
  { name: 'a group whose members is an object', json: { schemas: [GROUP_SCHEMA_URN], id: 'g1', displayName: 'G', members: { value: 'u1' } }, findings: ['members RFC7643-2.4'] },
  { name: 'an error with a numeric status', status: 404, json: { schemas: [ERROR_URN], status: 404, detail: 'x' }, findings: ['status RFC7644-3.12'] },
  { name: 'an error without schemas', status: 400, json: { status: '400' }, findings: ['schemas RFC7644-3.12'] },
  { name: 'an error with an unknown scimType', status: 400, json: { schemas: [ERROR_URN], status: '400', scimType: 'badRequest' }, findings: ['scimType RFC7644-3.12'] },
  { name: 'a correct error', status: 409, json: { schemas: [ERROR_URN], status: '409', scimType: 'uniqueness' }, findings: [] },
  { name: 'a list with totalResults as a string', json: { schemas: [LIST_RESPONSE_URN], totalResults: '1', Resources: [USER] }, findings: ['totalResults RFC7644-3.4.2'] },
  { name: 'a list without schemas', json: { totalResults: 1, Resources: [USER] }, findings: ['schemas RFC7644-3.4.2'] },
  { name: 'a list whose resource breaks a rule', json: { schemas: [LIST_RESPONSE_URN], totalResults: 1, Resources: [{ ...USER, active: 'False' }] }, findings: ['Resources[0].active RFC7643-2.3.2'] },
  {
    name: 'a schema whose attributes lack characteristics',
    json: { schemas: [SCHEMA_SCHEMA_URN], id: 'urn:example:x', attributes: [{ name: 'a', type: 'string', multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default' }] },
    findings: ['attributes[0].uniqueness RFC7643-7'],
  },
  {
    name: 'a sub-attribute with a wrong type name and a wrong mutability value',
    json: { schemas: [SCHEMA_SCHEMA_URN], id: 'urn:example:x', attributes: [{ name: 'a', type: 'complex', multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', subAttributes: [{ name: 'b', type: 'String', multiValued: false, caseExact: false, mutability: 'ReadWrite', returned: 'default', uniqueness: 'none' }] }] },
    findings: ['attributes[0].subAttributes[0].type RFC7643-7', 'attributes[0].subAttributes[0].mutability RFC7643-7'],
  },
];

describe('schema validation', () => {
  describe('findings against the RFC 7643 schemas (path and rule)', () => {
    for (const row of ROWS) {
      it(row.name, () => {
        const findings = validateScimResponse({ status: row.status ?? 200, json: row.json, projected: row.projected ?? false });
        expect(pick(findings)).to.have.members([...row.findings]);
        for (const f of findings) expect(f.expected).to.be.a('string').and.not.equal('');
        for (const f of findings.filter((x) => x.rule === 'RFC7643-2.4' && Array.isArray(x.actual))) expect(f.expected).to.match(/^a single value, not an array \(multiValued false in urn:/);
      });
    }
    it('bodies that are not JSON objects give no findings (other checks judge them)', () => {
      for (const json of [undefined, 'text', [1, 2], null]) expect(validateScimResponse({ status: 200, json, projected: false })).to.deep.equal([]);
    });
  });

  describe('against the target\'s own /Schemas', () => {
    const custom = {
      schemas: [LIST_RESPONSE_URN], totalResults: 1,
      Resources: [{
        schemas: [SCHEMA_SCHEMA_URN], id: 'urn:example:params:scim:schemas:extension:acme:2.0:User', name: 'Acme',
        attributes: [
          { name: 'badge', type: 'integer', multiValued: false, required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
          { name: 'pin', type: 'string', multiValued: false, required: false, caseExact: true, mutability: 'writeOnly', returned: 'never', uniqueness: 'none' },
        ],
      }],
    };
    const acme = 'urn:example:params:scim:schemas:extension:acme:2.0:User';

    it('a custom extension is checked as the target declares it: types, required, returned never', () => {
      const target = new TargetSchemas();
      expect(target.learn(custom)).to.equal(1);
      const user = { ...USER, schemas: [USER_SCHEMA_URN, acme], [acme]: { badge: '12', pin: '0000' } };
      const findings = validateScimResponse({ status: 200, json: user, projected: false }, target);
      expect(findings.map((f) => `${f.path} ${f.rule} ${f.source}`)).to.have.members([
        `["${acme}"].badge RFC7643-2.3.4 target`,
        `["${acme}"].pin RFC7643-7 target`,
      ]);
      const missing = validateScimResponse({ status: 200, json: { ...user, [acme]: {} }, projected: false }, target);
      expect(pick(missing)).to.deep.equal([`["${acme}"].badge RFC7643-7`]);
      const listed = validateScimResponse({ status: 200, json: { ...user, [acme]: { badge: [12] } }, projected: false }, target);
      expect(listed.map((f) => `${f.path} ${f.rule} ${f.source} ${f.expected}`)).to.deep.equal([`["${acme}"].badge RFC7643-2.4 target a single value, not an array (multiValued false in ${acme})`]);
    });

    it('a finding the RFC pass made is not repeated for the target\'s schema', () => {
      const target = new TargetSchemas();
      target.learn({ schemas: [SCHEMA_SCHEMA_URN], id: USER_SCHEMA_URN, attributes: [{ name: 'active', type: 'boolean', multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' }] });
      expect(pick(validateScimResponse({ status: 200, json: { ...USER, active: 'yes' }, projected: false }, target))).to.deep.equal(['active RFC7643-2.3.2']);
    });
  });

  describe('a target whose /Schemas say what the RFC says', () => {
    /** The RFC's User schema as a server would serve it, with `edit` applied to a copy. */
    const servedUser = (edit: (attributes: Record<string, unknown>[]) => void): unknown => {
      const copy = JSON.parse(JSON.stringify({ schemas: [SCHEMA_SCHEMA_URN], ...USER_SCHEMA })) as { attributes: Record<string, unknown>[] };
      edit(copy.attributes);
      return copy;
    };

    it('is validated once, against the RFC\'s own definition, whatever its descriptions say', () => {
      const target = new TargetSchemas();
      target.learn(servedUser((attributes) => { for (const a of attributes) a['description'] = `our ${String(a['name'])}`; }));
      expect(target.forValidation(USER_SCHEMA_URN)).to.equal(USER_SCHEMA);
      // What the server said is still what the run knows (schema-driven payloads read it).
      expect(target.find(USER_SCHEMA_URN)?.attributes[0]?.description).to.match(/^our /);
      const findings = validateScimResponse({ status: 200, json: { ...USER, active: 'true' }, projected: false }, target);
      expect(findings.map((f) => `${f.path} ${f.rule} ${f.source}`)).to.deep.equal(['active RFC7643-2.3.2 rfc']);
    });

    it('keeps a pass of its own when it differs in anything validation reads', () => {
      const target = new TargetSchemas();
      target.learn(servedUser((attributes) => { for (const a of attributes) if (a['name'] === 'title') a['type'] = 'integer'; }));
      expect(target.forValidation(USER_SCHEMA_URN)).to.not.equal(USER_SCHEMA);
      const findings = validateScimResponse({ status: 200, json: { ...USER, title: 'Engineer' }, projected: false }, target);
      expect(findings.map((f) => `${f.path} ${f.rule} ${f.source}`)).to.deep.equal(['title RFC7643-2.3.4 target']);
    });

    it('learning a schema again forgets that an earlier one matched the RFC', () => {
      const target = new TargetSchemas();
      target.learn(servedUser(() => undefined));
      expect(target.forValidation(USER_SCHEMA_URN)).to.equal(USER_SCHEMA);
      target.learn(servedUser((attributes) => { for (const a of attributes) if (a['name'] === 'title') a['multiValued'] = true; }));
      expect(target.forValidation(USER_SCHEMA_URN)).to.not.equal(USER_SCHEMA);
    });
  });

  describe('message URNs in any letter case (RFC8141)', () => {
    const show = (json: unknown, status = 200): string[] => validateScimResponse({ status, json, projected: false }).map((f) => `${f.path} ${f.rule}`);
    // Recognised in any case; the envelope's own schema still asks for the URN as the RFC spells it.
    it('an upper-cased ListResponse URN is a list: its resources are judged one by one', () => {
      const list = { schemas: [LIST_RESPONSE_URN.toUpperCase()], totalResults: 1, Resources: [{ ...USER, active: 'yes' }] };
      expect(show(list)).to.have.members(['schemas RFC7644-3.4.2', 'Resources[0].active RFC7643-2.3.2']);
    });
    it('an upper-cased Error URN in a 200 answer is an error message, judged as one', () => {
      expect(show({ schemas: [ERROR_URN.toUpperCase()], status: 400 })).to.have.members([...show({ schemas: [ERROR_URN], status: 400 }), 'schemas RFC7644-3.12']);
      expect(show({ schemas: [ERROR_URN], status: 400 })).to.deep.equal(['status RFC7644-3.12']);
    });
    it('a URN of the same length that differs is not the message\'s', () => {
      const other = `${LIST_RESPONSE_URN.slice(0, -1)}X`;
      expect(show({ schemas: [other], totalResults: 1, Resources: 'no' })).to.deep.equal(show({ schemas: ['urn:example:other'], totalResults: 1, Resources: 'no' }));
      expect(show({ ...USER, schemas: [USER_SCHEMA_URN.toUpperCase()], active: 'yes' })).to.deep.equal(['active RFC7643-2.3.2']);
    });
  });

  describe('a "__proto__" key in a body (JSON.parse makes it an own key)', () => {
    it('stays a key: its members are not read as the resource\'s own attributes', () => {
      const body = JSON.parse(`{"schemas":["${USER_SCHEMA_URN}"],"id":"u1","userName":"ada","__proto__":{"active":"yes"}}`) as unknown;
      expect(pick(validateScimResponse({ status: 200, json: body, projected: false }))).to.deep.equal([]);
    });

    it('stays a key when the target defines an attribute of that name: no error and no finding (ajv checks no property of that name)', () => {
      const target = new TargetSchemas();
      target.learn({ schemas: [SCHEMA_SCHEMA_URN], id: USER_SCHEMA_URN, attributes: [
        { name: '__proto__', type: 'string', multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
        { name: 'userName', type: 'string', multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'server' },
      ] });
      const body = JSON.parse(`{"schemas":["${USER_SCHEMA_URN}"],"id":"u1","userName":"ada","__proto__":{"active":"yes"}}`) as unknown;
      expect(pick(validateScimResponse({ status: 200, json: body, projected: false }, target))).to.deep.equal([]);
    });

    it('a target schema that cannot be compiled leaves the RFC pass\'s findings, without an error', () => {
      class Uncompilable extends TargetSchemas {
        override compile(): never {
          throw new Error('schema is invalid');
        }
      }
      const target = new Uncompilable();
      target.learn({ schemas: [SCHEMA_SCHEMA_URN], id: USER_SCHEMA_URN, attributes: [{ name: 'title', type: 'integer', multiValued: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' }] });
      expect(pick(validateScimResponse({ status: 200, json: { ...USER, active: 'yes', title: 'x' }, projected: false }, target))).to.deep.equal(['active RFC7643-2.3.2']);
    });
  });

  describe('the conformant reference server', function () {
    this.timeout(20_000);
    let server: ReferenceServer;
    before(async () => { server = await startReferenceServer({ port: 0, token: 't' }); });
    after(async () => { await server.close(); });
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; projected: boolean }> => {
      const r = await fetch(`${server.baseUrl}${path}`, {
        method, headers: { Authorization: 'Bearer t', Accept: 'application/scim+json', 'Content-Type': 'application/scim+json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      return { status: r.status, json: text === '' ? undefined : JSON.parse(text) as unknown, projected: path.includes('attributes=') };
    };

    it('answers nothing that breaks the RFC schemas or its own /Schemas', async () => {
      const target = new TargetSchemas();
      const schemas = await call('GET', '/Schemas');
      expect(validateScimResponse(schemas)).to.deep.equal([]);
      expect(target.learn(schemas.json)).to.be.greaterThan(2);
      const user = await call('POST', '/Users', {
        schemas: [USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN], userName: 'ada@example.com', password: 'Pw1!pw1!', active: true,
        emails: [{ value: 'ada@example.com', type: 'work', primary: true }], [ENTERPRISE_USER_SCHEMA_URN]: { employeeNumber: '7', manager: { value: 'x' } },
      });
      const id = (user.json as { id: string }).id;
      const answers = [
        user, await call('GET', `/Users/${id}`), await call('GET', '/Users?startIndex=1&count=5'),
        await call('POST', '/Groups', { schemas: [GROUP_SCHEMA_URN], displayName: 'Ops', members: [{ value: id }] }),
        await call('GET', '/Groups?attributes=members'), await call('GET', '/Users/none'), await call('GET', '/ServiceProviderConfig'),
        await call('GET', '/ResourceTypes'), await call('POST', '/Users', { schemas: [USER_SCHEMA_URN], userName: 'ada@example.com' }),
      ];
      for (const a of answers) expect(validateScimResponse(a, target), JSON.stringify(a.json).slice(0, 200)).to.deep.equal([]);
    });
  });

  describe('in the engine', function () {
    this.timeout(30_000);
    it('a schema finding fails the step (required) but not Runscope\'s verdict, and a read-back is not retried for it', async () => {
      const server = await startReferenceServer({ port: 0, token: 't', defects: ['emails-primary-as-string'] });
      try {
        const report = await runPlan(
          { suites: [rfc7644Suite], variables: { SCIMBaseURL: server.baseUrl, auth: 'Bearer t' }, secrets: ['auth'], grep: ['rfc7644/user-create-returns-201', 'rfc7644/user-get-by-id'] },
          { ...DEFAULT_ENGINE_OPTIONS, timeoutMs: 5000 },
          { toolVersion: 'test', target: {}, runOptions: { pauses: 'skip', strict: false, grep: [], queryEncoding: 'percent', timeoutMs: 5000, seedUser: false, keepTestData: false } },
        );
        const steps = report.suites[0]?.steps ?? [];
        const create = steps.find((st) => st.stepId === 'rfc7644/user-create-returns-201');
        expect(create?.verdict).to.equal('fail');
        expect(create?.runscopeVerdict).to.equal('pass');
        const finding = create?.assertions.find((a) => a.source === 'schema');
        expect(finding).to.include({ property: 'emails[0].primary', verdict: 'fail', actual: 'true' });
        expect(finding?.title).to.contain('RFC7643-2.3.2');
        // The read-back's own assertions hold; the same finding is not repeated in the suite, and nothing is retried.
        const read = steps.find((st) => st.stepId === 'rfc7644/user-get-by-id');
        expect(read?.verdict).to.equal('pass');
        expect(read?.attempts).to.equal(1);
      } finally {
        await server.close();
      }
    });
  });

  describe('in a run (schemaChecks)', () => {
    const base = 'http://127.0.0.1:1/scim/v2';
    const input = (over: Partial<SchemaCheckInput>): SchemaCheckInput => ({
      run: {}, suiteId: 'rfc7644', suiteFormat: 'native', stepId: 'rfc7644/a', url: `${base}/Users/u1`, scimBases: [base, undefined],
      status: 200, json: { ...USER, active: 'true' }, strict: false, ...over,
    });

    it('a finding is its own required check naming the path and the rule', () => {
      const [check, ...rest] = schemaChecks(input({}));
      expect(rest).to.deep.equal([]);
      expect(check).to.include({ source: 'schema', property: 'active', level: 'required', verdict: 'fail', actual: 'true' });
      expect(check?.title).to.match(/^schema: active must be a JSON boolean .* — RFC7643-2\.3\.2 \(the RFC 7643 schema\)$/);
    });

    it('only SCIM answers are checked; in a Runscope export a finding is recommended (a warning: the export keeps its own pass/fail)', () => {
      const exported = schemaChecks(input({ suiteFormat: 'runscope' }));
      expect(exported.map((c) => [c.level, c.verdict])).to.deep.equal([['recommended', 'warn']]);
      expect(schemaChecks(input({ suiteFormat: 'runscope', strict: true })).map((c) => c.verdict)).to.deep.equal(['fail']);
      expect(schemaChecks(input({ url: 'http://127.0.0.1:2/api/v1/users' }))).to.deep.equal([]);
      expect(schemaChecks(input({ json: undefined }))).to.deep.equal([]);
    });

    it('a projection relaxes required attributes', () => {
      expect(schemaChecks(input({ url: `${base}/Users/u1?attributes=displayName`, json: { schemas: [USER_SCHEMA_URN], id: 'u1' } }))).to.deep.equal([]);
      expect(schemaChecks(input({ json: { schemas: [USER_SCHEMA_URN], id: 'u1' } })).map((c) => c.property)).to.deep.equal(['userName']);
    });

    it('once per suite: the first step that shows a finding reports it (also on its retries); another suite reports it again', () => {
      const run = {};
      expect(schemaChecks(input({ run, stepId: 'rfc7644/a' }))).to.have.length(1);
      expect(schemaChecks(input({ run, stepId: 'rfc7644/a' })), 'a retry of the same step').to.have.length(1);
      expect(schemaChecks(input({ run, stepId: 'rfc7644/b', json: { schemas: [LIST_RESPONSE_URN], totalResults: 1, Resources: [{ ...USER, active: 'true' }] } })), 'the same rule elsewhere in the suite').to.deep.equal([]);
      expect(schemaChecks(input({ run, suiteId: 'entra', stepId: 'entra/a' }))).to.have.length(1);
      expect(schemaChecks(input({ run: {}, stepId: 'rfc7644/b' })), 'another run').to.have.length(1);
    });

    it('the target\'s /Schemas, once seen, checks later answers', () => {
      const run = {};
      const acme = 'urn:example:acme:2.0:User';
      const schemas = { schemas: [LIST_RESPONSE_URN], totalResults: 1, Resources: [{ schemas: [SCHEMA_SCHEMA_URN], id: acme, attributes: [{ name: 'badge', type: 'integer', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' }] }] };
      const user = { ...USER, schemas: [USER_SCHEMA_URN, acme], [acme]: { badge: 'twelve' } };
      expect(schemaChecks(input({ run, json: user })), 'before /Schemas').to.deep.equal([]);
      expect(schemaChecks(input({ run, stepId: 'rfc7644/schemas', url: `${base}/Schemas`, json: schemas }))).to.deep.equal([]);
      expect(schemaChecks(input({ run, stepId: 'rfc7644/c', json: user })).map((c) => c.title)).to.deep.equal([`schema: ["${acme}"].badge must be a JSON integer ("type": "integer" in ${acme}) — RFC7643-2.3.4 (the server's own /Schemas)`]);
    });

    it('a run reading the same /Schemas and /ResourceTypes as an earlier one judges alike, and learning more changes only its own view', async () => {
      const acme = 'urn:example:acme:2.0:User';
      const schemasOf = (type: string) => ({ schemas: [LIST_RESPONSE_URN], totalResults: 1, Resources: [{ schemas: [SCHEMA_SCHEMA_URN], id: acme, attributes: [{ name: 'badge', type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' }] }] });
      const types = { schemas: [LIST_RESPONSE_URN], totalResults: 1, Resources: [{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA_URN, schemaExtensions: [{ schema: acme, required: false }] }] };
      const texts: Record<string, string> = { '/Schemas': JSON.stringify(schemasOf('integer')), '/ResourceTypes': JSON.stringify(types) };
      const discover = async (run: object): Promise<string[]> => {
        const asked: string[] = [];
        await completeScimRequest({ method: 'POST', url: `${base}/Users`, headers: [], body: JSON.stringify({ schemas: [USER_SCHEMA_URN], userName: 'u' }) }, {
          run, suiteFormat: 'native', scimBases: [base], token: 't',
          get: async (url) => {
            const path = url.slice(base.length);
            asked.push(path);
            return { status: 200, text: texts[path] ?? '' };
          },
        });
        return asked;
      };
      const user = { ...USER, schemas: [USER_SCHEMA_URN, acme], [acme]: { badge: 'twelve' } };
      const badge = `schema: ["${acme}"].badge must be a JSON integer ("type": "integer" in ${acme}) — RFC7643-2.3.4 (the server's own /Schemas)`;
      const [first, second, third] = [{}, {}, {}];
      for (const run of [first, second, third]) expect(await discover(run)).to.deep.equal(['/Schemas', '/ResourceTypes']);
      expect(schemaChecks(input({ run: first, json: user })).map((c) => c.title)).to.deep.equal([badge]);
      // The second run learns that badge is a string: its own answers are judged by that, the others' are not.
      expect(schemaChecks(input({ run: second, stepId: 'rfc7644/schemas', url: `${base}/Schemas`, json: schemasOf('string') }))).to.deep.equal([]);
      expect(schemaChecks(input({ run: second, stepId: 'rfc7644/c', json: user }))).to.deep.equal([]);
      expect(schemaChecks(input({ run: third, stepId: 'rfc7644/c', json: user })).map((c) => c.title)).to.deep.equal([badge]);
      // A run reading other texts learns them.
      texts['/Schemas'] = JSON.stringify(schemasOf('string'));
      const fourth = {};
      await discover(fourth);
      expect(schemaChecks(input({ run: fourth, json: user }))).to.deep.equal([]);
    });

    it(`at most ${MAX_FINDINGS_PER_STEP} findings are listed one by one, the rest counted in one more check`, () => {
      const attributes = Array.from({ length: 30 }, (_, i) => ({ name: `a${i}`, type: 'string', multiValued: false }));
      const checks = schemaChecks(input({ url: `${base}/Schemas/urn:x`, json: { schemas: [SCHEMA_SCHEMA_URN], id: 'urn:x', attributes } }));
      expect(checks).to.have.length(MAX_FINDINGS_PER_STEP + 1);
      expect(checks[MAX_FINDINGS_PER_STEP]?.title).to.match(/^schema: 100 more finding\(s\) in this response$/);
    });
  });
});
