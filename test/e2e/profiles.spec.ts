/**
 * The CLI (subprocess, built dist/) with profiles and schema-driven payloads: the default run is
 * the okta profile; an unknown profile or a bad --user-template is exit 2 naming it before any
 * request; a server whose Users require a custom extension attribute (declared in its /Schemas
 * and /ResourceTypes) passes, because the bodies are completed from its schemas; a user template
 * supplies values only the vendor knows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunReport } from '../../src/model/report.js';
import { startReferenceServer, type ReferenceServer } from '../../src/reference-server/index.js';
import { CUSTOM_EXTENSION_URN } from '../../src/reference-server/custom-extension.js';
import { runCli } from '../helpers/cli.js';

const TOKEN = 'profiles-e2e-token';

describe('e2e: profiles and schema-driven payloads', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'scim-profiles-'));
  let server: ReferenceServer;
  afterEach(async () => { await server?.close(); });

  const connection = (reporter = 'none'): string[] => ['--scim-url', server.baseUrl, '--scim-auth', `Bearer ${TOKEN}`, '--out', join(dir, 'reports'), '--reporter', reporter];

  it('an unknown --profile is exit 2 naming it, before any request', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN });
    const result = await runCli(['run', '--profile', 'oin', ...connection()]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/unknown profile "oin" \(--profile, SCIM_PROFILE or "profile" in --config\); available: okta, entra, rfc, interop, all/);
    expect(server.requests).to.have.length(0);
  });

  it('an unknown SCIM_PROFILE is exit 2 too', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN });
    const result = await runCli(['run', ...connection()], { env: { SCIM_PROFILE: 'okta-oin' } });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('unknown profile "okta-oin"');
  });

  for (const [name, content, message] of [
    ['not JSON', '{"locale": ', /--user-template .*: not valid JSON/],
    ['an array', '[]', /--user-template .*: expected a JSON object of User attributes/],
    ['a password', '{"password": "x"}', /--user-template .*: "password" cannot be templated/],
    ['an extension that is not an object', `{"${'urn:example:ext:2.0:User'}": "x"}`, /is a schema extension: its value must be an object/],
  ] as const) {
    it(`a --user-template with ${name} is exit 2 naming the flag, before any request`, async () => {
      server = await startReferenceServer({ port: 0, token: TOKEN });
      const file = join(dir, `template-${name.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, content);
      const result = await runCli(['run', 'rfc7644', '--user-template', file, ...connection()]);
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr).to.match(message);
      expect(server.requests).to.have.length(0);
    });
  }

  it('a missing --user-template file is exit 2 naming it', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN });
    const result = await runCli(['run', 'rfc7644', '--user-template', join(dir, 'nope.json'), ...connection()]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/--user-template .*nope\.json: cannot read the file \(ENOENT\)/);
  });

  it('a server whose Users require a custom extension attribute passes the rfc profile: bodies are completed from its /Schemas', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN, customExtension: true });
    const result = await runCli(['run', '--profile', 'rfc', '--format', 'json', ...connection('spec')]);
    const report = JSON.parse(result.stdout) as RunReport;
    const failed = report.suites.flatMap((s) => s.steps.filter((st) => st.verdict !== 'pass' && st.verdict !== 'n/a').map((st) => `${st.stepId} ${st.verdict}: ${st.reason ?? ''}`));
    expect(failed).to.deep.equal([]);
    expect(result.code, result.stderr).to.equal(0);
    const posted = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Users'));
    expect(posted.length).to.be.greaterThan(0);
    // Every user POST with a JSON body (not the deliberately unparsable one) carries the required extension.
    const parsable = posted.filter((r) => { try { JSON.parse(r.body); return true; } catch { return false; } });
    expect(parsable.length).to.equal(posted.length - 1);
    for (const r of parsable) expect(r.body, r.body.slice(0, 200)).to.contain(CUSTOM_EXTENSION_URN);
    for (const step of report.suites.flatMap((s) => s.steps)) expect(step.client, step.stepId).to.equal('rfc');
    // The HTML labels whose rule each step is; the console names it per suite.
    const html = readFileSync(join(dir, 'reports', report.meta.runId, 'report.html'), 'utf8');
    expect(html).to.contain('data-client="rfc"').and.contain('RFC rule');
    expect(result.stderr).to.contain('; rfc rules)');
  });

  it('that server really refuses a user without the extension (what fixed bodies would get)', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN, customExtension: true });
    const response = await fetch(`${server.baseUrl}/Users`, {
      method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'plain@example.com' }),
    });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { scimType?: string }).scimType).to.equal('invalidValue');
  });

  it('the user template gives the values only the vendor knows', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN, customExtension: true });
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify({ [CUSTOM_EXTENSION_URN]: { costCenterCode: 'CC-4711', badgeNumber: 42 }, locale: 'de-CH' }));
    const result = await runCli(['run', 'okta-spec', '--seed-user', '--user-template', file, ...connection()]);
    expect(result.code, result.stderr).to.equal(0);
    const posted = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Users'));
    expect(posted.length).to.be.greaterThan(0);
    for (const r of posted) {
      expect(r.body).to.contain('CC-4711');
      expect(r.body).to.contain('"badgeNumber": 42');
    }
  });

  it('run with no suite runs the okta profile: okta-spec, okta-crud, okta-groups, rfc7644 — not entra', async () => {
    server = await startReferenceServer({ port: 0, token: TOKEN, defects: ['duplicate-group-names-allowed'] });
    const result = await runCli(['run', '--seed-user', '--format', 'json', ...connection()]);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.meta.suites).to.include.members(['okta-spec', 'okta-crud', 'okta-groups', 'rfc7644']);
    expect(report.meta.suites.filter((s) => s.startsWith('entra') || s === 'interop')).to.deep.equal([]);
    expect(result.code, result.stderr).to.equal(0);
  });
});
