import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import {
  assertValidReport,
  InvalidReportError,
  REPORT_SCHEMA_FILE,
  REPORT_SCHEMA_ID,
  reportSchema,
  validateReport,
  writeReportSchema,
} from '../../src/report/report-schema.js';
import { GOLDEN_NAMES, golden } from './golden.js';
import { copyOf, maximalReport } from './maximal-report.js';

type Json = Record<string, unknown>;

/** Reaches into a JSON value by a path of keys and indices. */
function at(value: unknown, path: readonly (string | number)[]): Json {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node as Json;
}

/** A mutation of the maximal report that must be rejected. */
interface Mutation {
  readonly name: string;
  readonly mutate: (r: Json) => void;
}

const step = (r: Json): Json => at(r, ['suites', 0, 'steps', 0]);
const exchange = (r: Json): Json => at(step(r), ['exchange']);

const MUTATIONS: readonly Mutation[] = [
  { name: 'formatVersion 2', mutate: (r) => { r['formatVersion'] = 2; } },
  { name: 'formatVersion as a string', mutate: (r) => { r['formatVersion'] = '1'; } },
  { name: 'an unknown top-level property', mutate: (r) => { r['extra'] = true; } },
  { name: 'an unknown step property', mutate: (r) => { step(r)['verdicts'] = 'pass'; } },
  { name: 'an optional property set to null (JSON null is not undefined)', mutate: (r) => { step(r)['reason'] = null; } },
  { name: 'runId with a path separator', mutate: (r) => { at(r, ['meta'])['runId'] = '../escape'; } },
  { name: 'runId with a backslash', mutate: (r) => { at(r, ['meta'])['runId'] = 'a\\b'; } },
  { name: 'runId starting with a dot', mutate: (r) => { at(r, ['meta'])['runId'] = '.hidden'; } },
  { name: 'runId with a colon (Windows)', mutate: (r) => { at(r, ['meta'])['runId'] = '2024-06-01T10:15:30Z'; } },
  { name: 'empty runId', mutate: (r) => { at(r, ['meta'])['runId'] = ''; } },
  { name: 'startedAt not a date-time', mutate: (r) => { at(r, ['meta'])['startedAt'] = 'yesterday'; } },
  { name: 'startedAt without a zone', mutate: (r) => { at(r, ['meta'])['startedAt'] = '2024-06-01T10:15:30'; } },
  { name: 'negative duration', mutate: (r) => { at(r, ['meta'])['durationMs'] = -1; } },
  { name: 'unknown Okta mode', mutate: (r) => { at(r, ['meta', 'target'])['okta'] = 'sandbox'; } },
  { name: 'unknown feature state', mutate: (r) => { at(r, ['meta', 'features'])['patch'] = 'yes'; } },
  { name: 'unknown pause mode', mutate: (r) => { at(r, ['meta', 'options'])['pauses'] = 'sometimes'; } },
  { name: 'summary verdict not a verdict', mutate: (r) => { at(r, ['summary'])['verdict'] = 'passed'; } },
  { name: 'summary runscopeVerdict warn', mutate: (r) => { at(r, ['summary'])['runscopeVerdict'] = 'warn'; } },
  { name: 'negative count', mutate: (r) => { at(r, ['summary', 'counts'])['pass'] = -1; } },
  { name: 'fractional count', mutate: (r) => { at(r, ['summary', 'counts'])['pass'] = 1.5; } },
  { name: 'counts without n/a', mutate: (r) => { delete at(r, ['summary', 'counts'])['n/a']; } },
  { name: 'counts with an unknown verdict', mutate: (r) => { at(r, ['summary', 'counts'])['ok'] = 1; } },
  { name: 'suites not an array', mutate: (r) => { r['suites'] = {}; } },
  { name: 'unknown suite source format', mutate: (r) => { at(r, ['suites', 0, 'source'])['format'] = 'postman'; } },
  { name: 'suite sha256 not hex', mutate: (r) => { at(r, ['suites', 0, 'source'])['sha256'] = 'xyz'; } },
  { name: 'empty step id', mutate: (r) => { step(r)['stepId'] = ''; } },
  { name: 'unknown step kind', mutate: (r) => { step(r)['kind'] = 'wait'; } },
  { name: 'unknown level', mutate: (r) => { step(r)['level'] = 'must'; } },
  { name: 'skip without a reason', mutate: (r) => { step(r)['verdict'] = 'skip'; delete step(r)['reason']; } },
  { name: 'n/a without a reason', mutate: (r) => { step(r)['verdict'] = 'n/a'; delete step(r)['reason']; } },
  { name: 'error with an empty reason', mutate: (r) => { step(r)['verdict'] = 'error'; step(r)['reason'] = ''; } },
  { name: 'step runscopeVerdict warn', mutate: (r) => { step(r)['runscopeVerdict'] = 'warn'; } },
  { name: 'sourceIndex 0 (1-based)', mutate: (r) => { step(r)['sourceIndex'] = 0; } },
  { name: 'empty spec reference', mutate: (r) => { step(r)['refs'] = ['']; } },
  { name: 'assertion verdict skip', mutate: (r) => { at(step(r), ['assertions', 0])['verdict'] = 'skip'; } },
  { name: 'assertion unknown source', mutate: (r) => { at(step(r), ['assertions', 0])['source'] = 'response_body'; } },
  { name: 'assertion unknown comparison', mutate: (r) => { at(step(r), ['assertions', 0])['comparison'] = 'matches'; } },
  { name: 'assertion expected a number', mutate: (r) => { at(step(r), ['assertions', 0])['expected'] = 201; } },
  { name: 'header pair with three items', mutate: (r) => { at(exchange(r), ['request'])['headers'] = [['a', 'b', 'c']]; } },
  { name: 'header pair with one item', mutate: (r) => { at(exchange(r), ['request'])['headers'] = [['a']]; } },
  { name: 'header value a number', mutate: (r) => { at(exchange(r), ['request'])['headers'] = [['a', 1]]; } },
  { name: 'status a string', mutate: (r) => { at(exchange(r), ['response'])['status'] = '201'; } },
  { name: 'truncatedBytes negative', mutate: (r) => { at(exchange(r), ['response', 'body'])['truncatedBytes'] = -5; } },
  { name: 'body a bare string', mutate: (r) => { at(exchange(r), ['response'])['body'] = 'text'; } },
  { name: 'empty method', mutate: (r) => { at(exchange(r), ['request'])['method'] = ''; } },
  { name: 'cleanup ok a string', mutate: (r) => { at(r, ['suites', 0, 'cleanup', 0])['ok'] = 'yes'; } },
  { name: 'integrity in another notation', mutate: (r) => { r['integrity'] = 'md5-abc'; } },
  { name: 'complete a string', mutate: (r) => { r['complete'] = 'true'; } },
];

/** Paths (array indices as []) whose properties the model declares optional. */
const OPTIONAL = new Set([
  'integrity',
  'meta.target.scimUrl', 'meta.target.oktaOrgUrl', 'meta.target.okta',
  'meta.features.patch', 'meta.features.bulk', 'meta.features.sort',
  'meta.options.maxDurationMs', 'meta.options.settleMs',
  'load', 'load.ratePerSecond',
  'suites[].provisioning', 'suites[].source.path', 'suites[].source.sha256',
  'suites[].steps[].requirement', 'suites[].steps[].fix', 'suites[].steps[].reason',
  'suites[].steps[].exchange', 'suites[].steps[].sourceIndex', 'suites[].steps[].client',
  'suites[].steps[].assertions[].property', 'suites[].steps[].assertions[].comparison',
  'suites[].steps[].assertions[].actual', 'suites[].steps[].assertions[].message',
  'suites[].steps[].extractions[].value', 'suites[].steps[].extractions[].message',
  'suites[].steps[].scripts[].error',
  'suites[].cleanup[].status', 'suites[].cleanup[].message',
  'meta.auth', 'meta.auth.tokenExchanges[].problem',
  ...['suites[].steps[].exchange', 'suites[].provisioning[]', 'meta.auth.tokenExchanges[].exchange'].flatMap((x) => [
    `${x}.request.body`, `${x}.response`, `${x}.transportError`,
  ]),
]);

/** Every object property in a JSON value, with its path (not descending into `actual`). */
function properties(value: unknown, path: (string | number)[] = [], label = ''): { path: (string | number)[]; label: string }[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => (Array.isArray(item) ? [] : properties(item, [...path, i], `${label}[]`)));
  }
  return Object.entries(value).flatMap(([key, child]) => {
    const childLabel = label === '' ? key : `${label}.${key}`;
    const here = { path: [...path, key], label: childLabel };
    return key === 'actual' ? [here] : [here, ...properties(child, [...path, key], childLabel)];
  });
}

/**
 * Walks the published schema beside a value and collects, for each object schema with
 * `properties`, the difference between the schema's property names and the value's keys.
 */
function propertyMismatches(schema: unknown, value: unknown, label = '(report)'): string[] {
  if (schema === null || typeof schema !== 'object' || value === null || typeof value !== 'object') return [];
  const s = schema as Record<string, unknown>;
  if (Array.isArray(value)) {
    const items = s['items'];
    if (Array.isArray(items)) return []; // tuples (header pairs) hold strings
    return value.flatMap((v, i) => propertyMismatches(items, v, `${label}[${i}]`));
  }
  const props = s['properties'] as Record<string, unknown> | undefined;
  if (props === undefined) return [];
  const keys = Object.keys(value);
  const out: string[] = [];
  for (const k of Object.keys(props)) if (!keys.includes(k)) out.push(`${label}: schema has '${k}', the type does not`);
  for (const k of keys) if (!(k in props)) out.push(`${label}: the type has '${k}', the schema does not`);
  for (const k of keys) if (k !== 'actual') out.push(...propertyMismatches(props[k], (value as Json)[k], `${label}.${k}`));
  return out;
}

describe('report/report-schema', () => {
  describe('validateReport', () => {
    for (const name of GOLDEN_NAMES) {
      it(`accepts the golden ${name} report`, () => {
        const result = validateReport(golden(name));
        expect(result.ok ? [] : result.errors).to.deep.equal([]);
      });
    }

    it('accepts the maximal report (every optional field present)', () => {
      const result = validateReport(maximalReport);
      expect(result.ok ? [] : result.errors).to.deep.equal([]);
    });

    it('returns the same object, typed, on success', () => {
      const input: unknown = copyOf(maximalReport);
      const result = validateReport(input);
      expect(result.ok && result.report).to.equal(input);
    });

    it('accepts an assertion without `actual` (JSON cannot say undefined)', () => {
      const r = copyOf(maximalReport) as unknown as Json;
      delete at(step(r), ['assertions', 0])['actual'];
      expect(validateReport(r).ok).to.equal(true);
    });

    for (const { name, mutate } of MUTATIONS) {
      it(`rejects ${name}`, () => {
        const r = copyOf(maximalReport) as unknown as Json;
        mutate(r);
        const result = validateReport(r);
        expect(result.ok).to.equal(false);
        if (!result.ok) expect(result.errors).to.have.length.greaterThan(0);
      });
    }

    it('rejects values that are not objects', () => {
      for (const value of [null, undefined, 1, 'report', []]) expect(validateReport(value).ok).to.equal(false);
    });

    describe('rejects the removal of each required property; allows each optional one', () => {
      for (const { path, label } of properties(maximalReport)) {
        const optional = OPTIONAL.has(label);
        it(`${label} is ${optional ? 'optional' : 'required'}`, () => {
          const r = copyOf(maximalReport) as unknown as Json;
          const key = path[path.length - 1] as string;
          delete at(r, path.slice(0, -1))[key];
          const result = validateReport(r);
          expect(result.ok, result.ok ? '' : result.errors.join('\n')).to.equal(optional);
        });
      }
    });

    it('names the path and the problem in its messages', () => {
      const r = copyOf(maximalReport) as unknown as Json;
      step(r)['verdict'] = 'great';
      delete at(r, ['meta'])['runId'];
      const result = validateReport(r);
      expect(result.ok).to.equal(false);
      if (result.ok) return;
      expect(result.errors.join('\n')).to.contain('/suites/0/steps/0/verdict').and.to.contain("'runId'");
    });
  });

  describe('schema and model types stay in sync', () => {
    it('every object schema names exactly the properties of the maximal (DeepRequired) report', () => {
      expect(propertyMismatches(reportSchema, maximalReport)).to.deep.equal([]);
    });
  });

  describe('assertValidReport', () => {
    it('throws InvalidReportError with the errors', () => {
      try {
        assertValidReport({ formatVersion: 1 });
        expect.fail('should have thrown');
      } catch (e) {
        expect(e).to.be.instanceOf(InvalidReportError);
        const err = e as InvalidReportError;
        expect(err.name).to.equal('InvalidReportError');
        expect(err.errors).to.include("(report) must have required property 'meta'");
        expect(err.message).to.match(/^invalid report: /);
      }
    });

    it('returns the report when valid', () => {
      const r: RunReport = assertValidReport(golden('passing'));
      expect(r.meta.runId).to.equal('20240601T101530Z-a1b2c3');
    });
  });

  describe('the published schema', () => {
    it('is standard draft-07: no `nullable`, a versioned $id', () => {
      const text = JSON.stringify(reportSchema);
      expect(text).not.to.contain('nullable');
      expect(reportSchema['$schema']).to.equal('http://json-schema.org/draft-07/schema#');
      expect(reportSchema['$id']).to.equal(REPORT_SCHEMA_ID);
    });

    it('is frozen', () => {
      expect(Object.isFrozen(reportSchema)).to.equal(true);
      expect(Object.isFrozen(reportSchema['properties'])).to.equal(true);
    });

    it('compiles in a fresh strict ajv and judges like validateReport', () => {
      const ajv = new Ajv({ strict: true });
      addFormats.default(ajv);
      const validate = ajv.compile(JSON.parse(JSON.stringify(reportSchema)) as object);
      expect(validate(golden('failing'))).to.equal(true);
      expect(validate({ ...golden('failing'), formatVersion: 2 })).to.equal(false);
    });

    it('writeReportSchema writes it as JSON', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'scim-schema-'));
      try {
        const path = await writeReportSchema(join(dir, 'nested'));
        expect(path).to.equal(join(dir, 'nested', REPORT_SCHEMA_FILE));
        expect(JSON.parse(await readFile(path, 'utf8'))).to.deep.equal(reportSchema);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
