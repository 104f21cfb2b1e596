/**
 * The ajv validators are precompiled at build time (issue 10 item 2): the generated modules in
 * src/generated are exactly what scripts/generate-validators.ts makes from today's schemas
 * (so a schema edited without `npm run build` fails here), and validating a report, a Runscope
 * export, a manifest or a SCIM response against the RFC 7643 schemas loads no ajv compiler at all.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { generateValidatorModules } from '../../scripts/generate-validators.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('build: precompiled ajv validators', function () {
  this.timeout(30_000);

  it('src/generated holds exactly the standalone code of the current schemas (run `npm run build` when this fails)', async () => {
    const expected = await generateValidatorModules();
    expect([...expected.keys()].map((p) => basename(p)).sort()).to.deep.equal([
      'manifest-validators.ts', 'readiness-report-validators.ts', 'report-validators.ts', 'runscope-validators.ts', 'scim-schema-validators.ts',
      'sso-tester-validators.ts',
    ]);
    for (const [path, text] of expected) {
      const onDisk = await readFile(path, 'utf8');
      expect(onDisk === text, `${path} is out of date: npm run build regenerates it`).to.equal(true);
    }
  });

  it('validating a report, a Runscope export, a manifest and SCIM responses against the RFC schemas compiles no schema (ajv\'s compiler is never loaded)', () => {
    const probe = `
      import { createRequire } from 'node:module';
      const { validateReport } = await import('./src/report/report-schema.ts');
      const { validateRunscopeExport } = await import('./src/suite/formats/runscope-schema.ts');
      const { validateManifest } = await import('./src/readiness/manifest-schema.ts');
      const { validateScimResponse } = await import('./src/scim/schema-validation.ts');
      const user = { status: 200, projected: false, json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '1', userName: 'a', active: 'yes' } };
      const error = { status: 404, projected: false, json: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: 404 } };
      const results = [validateReport({}).ok, validateRunscopeExport({ name: 'x', steps: [] }).ok, validateManifest({}).ok,
        validateScimResponse(user).length === 0, validateScimResponse(error).length === 0];
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/ajv\\/dist\\/(ajv|core|compile\\/index)\\.js$/.test(p));
      process.stdout.write(JSON.stringify({ results, loaded }));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    const { results, loaded } = JSON.parse(run.stdout) as { results: boolean[]; loaded: string[] };
    expect(results, 'each validator ran and refused its invalid input').to.deep.equal([false, false, false, false, false]);
    expect(loaded).to.deep.equal([]);
  });
});
