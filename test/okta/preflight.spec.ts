import { expect } from 'chai';
import type { HttpExchange } from '../../src/model/result.js';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from '../../src/okta/emulator/index.js';
import { preflightOkta } from '../../src/okta/preflight.js';
import { closedPortUrl, startLoopback } from './helpers.js';

describe('okta/preflight', () => {
  const started: OktaEmulator[] = [];
  let scimDown: string;
  before(async () => {
    scimDown = await closedPortUrl();
  });
  after(() => Promise.all(started.map((e) => e.close())));

  async function emulator(options: Partial<OktaEmulatorOptions> = {}): Promise<{ emulator: OktaEmulator; exchanges: HttpExchange[]; client: OktaClient }> {
    const e = await startOktaEmulator({ scimUrl: scimDown, scimAuth: 'Bearer x', ...options });
    started.push(e);
    const exchanges: HttpExchange[] = [];
    return { emulator: e, exchanges, client: new OktaClient({ orgUrl: e.orgUrl, token: e.token, onExchange: (x) => exchanges.push(x) }) };
  }

  it('finds no problem with a ready app, using GETs only', async () => {
    const { emulator: e, client, exchanges } = await emulator();
    expect(await preflightOkta(client, e.appId)).to.deep.equal([]);
    expect(exchanges.map((x) => x.request.method)).to.deep.equal(['GET']);
  });

  it('reports an INACTIVE app', async () => {
    const { emulator: e, client } = await emulator({ appStatus: 'INACTIVE' });
    const problems = await preflightOkta(client, e.appId);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ variable: 'oktaAppId' });
    expect(problems[0]?.message).to.contain('INACTIVE');
    expect(problems[0]?.fix).to.contain('Activate the app');
  });

  it('reports each missing provisioning feature with the Admin Console label', async () => {
    const { emulator: e, client } = await emulator({ features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'GROUP_PUSH'] });
    const problems = await preflightOkta(client, e.appId);
    expect(problems.map((p) => p.variable)).to.deep.equal(['oktaAppId', 'oktaAppId']);
    expect(problems[0]?.message).to.contain('PUSH_USER_DEACTIVATION').and.contain('Deactivate Users');
    expect(problems[1]?.message).to.contain('REACTIVATE_USERS');
    expect(problems[0]?.fix).to.contain('Provisioning → To App');
  });

  it('reports provisioning off as one problem', async () => {
    const { emulator: e, client } = await emulator({ features: [] });
    const problems = await preflightOkta(client, e.appId);
    expect(problems).to.have.length(1);
    expect(problems[0]?.message).to.contain('none of the provisioning features');
    expect(problems[0]?.fix).to.contain('Enable API integration');
  });

  it('reports a bad token (401 E0000011) without showing it', async () => {
    const { emulator: e } = await emulator();
    const problems = await preflightOkta(new OktaClient({ orgUrl: e.orgUrl, token: 'wrong-token-value' }), e.appId);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ variable: 'oktaToken' });
    expect(problems[0]?.message).to.contain('E0000011').and.not.contain('wrong-token-value');
    expect(problems[0]?.fix).to.contain('Security → API → Tokens');
  });

  it('reports an unknown app id (404 E0000007)', async () => {
    const { client } = await emulator();
    const problems = await preflightOkta(client, '0oaunknown00000000000');
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ variable: 'oktaAppId' });
    expect(problems[0]?.message).to.contain('no app with id 0oaunknown00000000000');
  });

  it('reports an unreachable org, a non-Okta server and a malformed URL as oktaOrgUrl', async () => {
    const down = await preflightOkta(new OktaClient({ orgUrl: scimDown, token: 't0ken-value' }), '0oa1');
    expect(down.map((p) => p.variable)).to.deep.equal(['oktaOrgUrl']);
    expect(down[0]?.message).to.contain('Could not reach');

    const web = await startLoopback((_req, _body, res) => {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/html');
      res.end('<html>Not here</html>');
    });
    try {
      const notOkta = await preflightOkta(new OktaClient({ orgUrl: web.url, token: 't0ken-value' }), '0oa1');
      expect(notOkta.map((p) => p.variable)).to.deep.equal(['oktaOrgUrl']);
      expect(notOkta[0]?.message).to.contain('did not answer like an Okta org');
    } finally {
      await web.close();
    }

    const local = await preflightOkta(new OktaClient({ orgUrl: 'http://dev-1-admin.okta.com/app', token: 't0ken-value' }), '');
    expect(local.map((p) => p.variable)).to.deep.equal(['oktaOrgUrl', 'oktaOrgUrl', 'oktaOrgUrl', 'oktaAppId']);
    expect(local[1]?.fix).to.contain('https://dev-1.okta.com');
  });
});
