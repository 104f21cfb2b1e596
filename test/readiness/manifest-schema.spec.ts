/**
 * The manifest schema: the published copy (schemas/submission-manifest.schema.json) is the
 * TS schema, byte for byte (regenerate with UPDATE_SCHEMAS=1); every fixture is judged by it
 * as intended; ajv errors become readable problems naming the field.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import {
  fieldPath,
  parseManifest,
  PUBLISHED_MANIFEST_SCHEMA_PATH,
  renderManifestSchema,
  validateManifest,
} from '../../src/readiness/manifest-schema.js';
import { FIXTURES, SECRETS } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PUBLISHED = join(ROOT, PUBLISHED_MANIFEST_SCHEMA_PATH);

describe('readiness: submission manifest schema', () => {
  it('the published schema is generated from the TS schema (UPDATE_SCHEMAS=1 rewrites it)', async () => {
    if (process.env.UPDATE_SCHEMAS === '1') await writeFile(PUBLISHED, renderManifestSchema());
    const published = await readFile(PUBLISHED, 'utf8').catch(() => '(missing)');
    expect(published, `${PUBLISHED_MANIFEST_SCHEMA_PATH} is out of date: run the readiness tests with UPDATE_SCHEMAS=1`).to.equal(renderManifestSchema());
  });

  it('a plain draft-07 validator reads the published schema: valid.json and every mistake fixture conform, invalid ones do not', async () => {
    const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(await readFile(PUBLISHED, 'utf8')) as object);
    const read = async (f: string): Promise<unknown> => JSON.parse(await readFile(join(FIXTURES, f), 'utf8'));
    expect(validate(await read('valid.json')), JSON.stringify(validate.errors)).to.equal(true);
    for (const f of await readdir(join(FIXTURES, 'mistakes'))) {
      expect(validate(await read(`mistakes/${f}`)), `${f}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    }
    for (const f of await readdir(join(FIXTURES, 'invalid'))) {
      const text = await readFile(join(FIXTURES, 'invalid', f), 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue; // not-json.json: not even JSON
      }
      expect(validate(value), f).to.equal(false);
    }
  });

  it('names fields as dotted paths', () => {
    expect(fieldPath('')).to.equal('(manifest)');
    expect(fieldPath('/catalog/displayName')).to.equal('catalog.displayName');
    expect(fieldPath('/integrationVariables/1', 'name')).to.equal('integrationVariables[1].name');
    expect(fieldPath('/testPlan/cases/C9303/status')).to.equal('testPlan.cases.C9303.status');
    expect(fieldPath('/a~1b/c~0d')).to.equal('a/b.c~d');
  });

  it('makes ajv errors readable, one per problem, without echoing secret values', async () => {
    const manifest = JSON.parse(await readFile(join(FIXTURES, 'valid.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    manifest['testAccount']!['password'] = SECRETS.password;
    manifest['okta']!['token'] = 'ssws-token-value';
    manifest['scim']!['authMode'] = 'api-key';
    manifest['catalog']!['displayName'] = 42;
    delete manifest['support'];
    const result = validateManifest(manifest);
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    const lines = result.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).to.have.members([
      'support: is missing (required)',
      'catalog.displayName: must be a string (found a number)',
      'scim.authMode: must be one of "header", "bearer", "oauth2", "basic" (found "api-key")',
      'testAccount.password: is not a manifest field, and secrets never go in the manifest: put the value in an environment variable and give its NAME (e.g. testAccount.passwordEnv, okta.tokenEnv)',
      'okta.token: is not a manifest field, and secrets never go in the manifest: put the value in an environment variable and give its NAME (e.g. testAccount.passwordEnv, okta.tokenEnv)',
    ]);
    expect(lines.join('\n')).to.not.contain(SECRETS.password).and.not.contain('ssws-token-value');
  });

  it('parses JSON with a byte-order mark and reports JSON syntax errors', () => {
    const bom = parseManifest('\uFEFF{}');
    expect(bom.ok).to.equal(false);
    if (!bom.ok) expect(bom.problems.map((p) => p.message)).to.include('is missing (required)').and.not.include.members(['is not JSON']);
    const broken = parseManifest('{ "manifestVersion": 1, }');
    expect(broken.ok).to.equal(false);
    if (!broken.ok) expect(broken.problems[0]?.message).to.match(/^is not JSON/);
  });
});
