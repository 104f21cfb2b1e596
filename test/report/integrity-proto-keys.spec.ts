/**
 * Issue 15 item 3: the integrity digest cannot be dodged with keys that are special to
 * JavaScript objects. `JSON.parse` turns `"__proto__": …` into an own member; a canonical form
 * built by assigning keys to a plain object would set the prototype instead and leave the member
 * out of the digest. Edits to `__proto__`, `constructor` and `prototype` members at every depth
 * must fail verification, and `publish` and `readiness` must reject such an edited report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import fc from 'fast-check';
import type { RunReport } from '../../src/model/report.js';
import { checkReadiness } from '../../src/readiness/check-readiness.js';
import type { OktaAppsApi } from '../../src/readiness/check-okta.js';
import { canonicalJson, computeIntegrity, verifyIntegrity, withIntegrity } from '../../src/report/integrity.js';
import { publishSite } from '../../src/report/publish/index.js';
import { createWorkspace, SECRETS, VALID, type Mutable } from '../readiness/helpers.js';
import { golden } from './golden.js';
import { makeReportDir } from '../report-server/report-dir.js';
import type { SubmissionManifest } from '../../src/readiness/manifest.js';

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

type Json = Record<string, unknown>;

/** A JSON tree kept as entries, so the test can write it in any key order without JS objects. */
type Tree = { readonly kind: 'leaf'; readonly text: string } | { readonly kind: 'array'; readonly items: readonly Tree[] } | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Tree])[] };

const KEYS = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'toJSON', 'hasOwnProperty', 'a', 'B', 'é');
const LEAF = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)).map((v): Tree => ({ kind: 'leaf', text: JSON.stringify(v) }));
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    LEAF,
    fc.array(tie('tree'), { maxLength: 3 }).map((items): Tree => ({ kind: 'array', items })),
    fc.uniqueArray(fc.tuple(KEYS, tie('tree')), { maxLength: 4, selector: ([k]) => k }).map((entries): Tree => ({ kind: 'object', entries }))),
}));

/** The tree as JSON text, keys in the given order. */
function textOf(t: Tree): string {
  if (t.kind === 'leaf') return t.text;
  if (t.kind === 'array') return `[${t.items.map(textOf).join(',')}]`;
  return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${textOf(v)}`).join(',')}}`;
}

/** The canonical text, computed from the tree itself (an oracle independent of JS objects). */
function canonicalOf(t: Tree): string {
  if (t.kind === 'leaf') return JSON.stringify(JSON.parse(t.text));
  if (t.kind === 'array') return `[${t.items.map(canonicalOf).join(',')}]`;
  const sorted = [...t.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${canonicalOf(v)}`).join(',')}}`;
}

/** Every object inside `value` (the value itself included), not descending into the members this test adds. */
function objectsIn(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) objectsIn(v, out);
  else if (value !== null && typeof value === 'object') {
    out.push(value as Json);
    for (const k of Object.keys(value)) if (!(SPECIAL_KEYS as readonly string[]).includes(k)) objectsIn((value as Json)[k], out);
  }
  return out;
}

/** Adds own `__proto__`, `constructor` and `prototype` members to every object, as JSON.parse would. */
function withSpecialMembers(report: RunReport): RunReport {
  const copy = JSON.parse(JSON.stringify(report)) as RunReport;
  for (const o of objectsIn(copy)) {
    for (const key of SPECIAL_KEYS) Object.defineProperty(o, key, { value: { mark: 'original' }, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** An assertion's actual value holding the special keys at three depths (schema-valid: any JSON). */
const PROTO_ACTUAL = '{"__proto__":{"constructor":{"prototype":{"__proto__":"deep"}}},"constructor":{"prototype":1},"prototype":[{"__proto__":true}]}';
const PROTO_EDITS: readonly (readonly [string, string])[] = [
  ['"__proto__":"deep"', '"__proto__":"DEEP"'],
  ['"constructor":{"prototype":1}', '"constructor":{"prototype":2}'],
  ['[{"__proto__":true}]', '[{"__proto__":false}]'],
];

/** The report with a failed assertion whose actual value is PROTO_ACTUAL, stamped. */
function withProtoActual(report: RunReport): RunReport {
  const { integrity: _old, ...rest } = JSON.parse(JSON.stringify(report)) as Mutable<RunReport>;
  const step = rest.suites[0]!.steps.find((s) => s.kind === 'request')!;
  // Parsed from text, so the special keys are own members as in a report read from disk.
  const assertion = JSON.parse(`{"title":"hostile body","source":"verify","level":"required","verdict":"fail","expected":"x","actual":${PROTO_ACTUAL}}`) as RunReport['suites'][number]['steps'][number]['assertions'][number];
  step.assertions = [...step.assertions, assertion];
  const stamped = withIntegrity(rest as RunReport);
  for (const [from] of PROTO_EDITS) expect(JSON.stringify(stamped)).to.contain(from);
  return stamped;
}

describe('report/integrity: __proto__, constructor and prototype members', () => {
  it('writes an own __proto__ member like any other key', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":[1,{"prototype":2}]},"constructor":null}'))).to.equal('{"__proto__":{"x":[1,{"prototype":2}]},"b":1,"constructor":null}');
  });

  it('property: the canonical text of parsed JSON equals the sorted text of the tree it came from', () => {
    fc.assert(fc.property(tree, (t) => canonicalJson(JSON.parse(textOf(t))) === canonicalOf(t)), { numRuns: 2000 });
  });

  it('an edit of a __proto__, constructor or prototype member fails verification at every depth', () => {
    const stamped = withIntegrity(withSpecialMembers(golden('failing')));
    const reread = (): RunReport => JSON.parse(JSON.stringify(stamped)) as RunReport;
    expect(verifyIntegrity(reread())).to.equal(true);
    const count = objectsIn(reread()).length;
    expect(count).to.be.greaterThan(50);
    for (let i = 0; i < count; i += 1) {
      for (const key of SPECIAL_KEYS) {
        const edited = reread();
        const target = objectsIn(edited)[i]!;
        expect(Object.hasOwn(target, key)).to.equal(true);
        (target[key] as Json)['mark'] = 'edited';
        expect(verifyIntegrity(edited), `object ${i}, member ${key}`).to.equal(false);
      }
    }
  });

  it('the digest covers the members: removing them changes it', () => {
    const plain = golden('failing');
    expect(computeIntegrity(withSpecialMembers(plain))).not.to.equal(computeIntegrity(plain));
  });

  it('publish leaves out a report whose __proto__ member was edited', async () => {
    const reports = await makeReportDir();
    try {
      const path = `${reports.dir}/${reports.failing.meta.runId}/report.json`;
      const hostile = withProtoActual(JSON.parse(await readFile(path, 'utf8')) as RunReport);
      await writeFile(path, `${JSON.stringify(hostile, null, 2)}\n`);
      const before = await publishSite({ dir: reports.dir, to: `${reports.root}/site-1` });
      expect(before.excluded).to.deep.equal([]);
      for (const [from, to] of PROTO_EDITS) {
        await writeFile(path, JSON.stringify(hostile).replace(from, to));
        const after = await publishSite({ dir: reports.dir, to: `${reports.root}/site-${from.length}` });
        expect(after.excluded.map((e) => [e.name, e.problem]), from).to.deep.equal([[reports.failing.meta.runId, 'not published: integrity check failed (report.json was changed after it was written)']]);
      }
    } finally {
      await reports.remove();
    }
  });

  it('readiness rejects a linked report whose __proto__ member was edited', async () => {
    const ws = await createWorkspace();
    const activeOrg: OktaAppsApi = {
      getApp: async (id) => ({ id, name: 'acme_directory', label: 'Acme Directory', status: 'ACTIVE' }),
      listApps: async () => [{ id: VALID.appId, name: 'acme_directory', status: 'ACTIVE' }],
    };
    const check = async (): Promise<{ status: string; message: string }> => {
      const manifest = JSON.parse(await readFile(ws.path('valid.json'), 'utf8')) as Mutable<SubmissionManifest>;
      const report = await checkReadiness(manifest, { now: ws.now, baseDir: ws.dir, okta: activeOrg, env: { ACME_OIN_TEST_PASSWORD: SECRETS.password, OKTA_TOKEN: 'unused-token-value' } });
      const found = report.requirements.find((r) => r.id === 'results.spec.report');
      if (!found) throw new Error('no results.spec.report requirement');
      return { status: found.status, message: found.message };
    };
    try {
      const path = ws.path(`runs/${VALID.specRunId}/report.json`);
      const hostile = withProtoActual(JSON.parse(await readFile(path, 'utf8')) as RunReport);
      await writeFile(path, JSON.stringify(hostile, null, 2));
      expect((await check()).status).to.equal('pass');
      for (const [from, to] of PROTO_EDITS) {
        await writeFile(path, JSON.stringify(hostile).replace(from, to));
        const result = await check();
        expect(result.status, from).to.equal('fail');
        expect(result.message).to.contain('edited after it was written');
      }
    } finally {
      await ws.close();
    }
  });
});
