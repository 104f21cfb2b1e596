/**
 * The emulator accepts any string a SCIM server returns as an id (RFC7643-3.1: the service
 * provider chooses it) and puts it into its URLs as exactly one path segment; an id no URL can
 * carry fails the push with the exact reason, as Okta's task would, never as an internal error.
 */
import { expect } from 'chai';
import type { ServerResponse } from 'node:http';
import { OktaClient } from '../../src/okta/client.js';
import { startOktaEmulator } from '../../src/okta/emulator/index.js';
import { assignmentBody, createUserBody, crudUser, startLoopback, type LoopbackServer } from './helpers.js';

const SCIM_AUTH = 'Bearer scim-secret-value';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A SCIM server that creates every user under `idJson` (raw JSON text of the id) and accepts everything else. */
async function serverGiving(idJson: string): Promise<LoopbackServer> {
  return startLoopback((req, _body, res: ServerResponse) => {
    res.setHeader('Content-Type', 'application/scim+json');
    if (req.method === 'GET' && (req.url ?? '').includes('?filter=')) {
      res.end(JSON.stringify({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }));
    } else if (req.method === 'POST') {
      res.statusCode = 201;
      res.end(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":${idJson},"userName":"x","active":true}`);
    } else {
      res.end(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":${idJson},"userName":"x","active":false}`);
    }
  });
}

async function createThenUnassign(scim: LoopbackServer): Promise<{ lastError: string | null | undefined; failures: readonly string[] }> {
  const emulator = await startOktaEmulator({ scimUrl: `${scim.url}/scim/v2`, scimAuth: SCIM_AUTH });
  try {
    const okta = new OktaClient({ orgUrl: emulator.orgUrl, token: emulator.token });
    const u = crudUser();
    const user = await okta.createUser(createUserBody(u));
    await okta.assignUserToApp(emulator.appId, assignmentBody(user.id, u));
    await emulator.awaitIdle();
    await okta.unassignUserFromApp(emulator.appId, user.id);
    await emulator.awaitIdle();
    return { lastError: emulator.appUsers()[0]?.lastError, failures: emulator.pushFailures() };
  } finally {
    await emulator.close();
  }
}

describe('okta/emulator with ids a SCIM server may return', () => {
  it('a lone UTF-16 surrogate in an id fails the push with that reason, not "URIError: URI malformed"', async () => {
    const scim = await serverGiving('"u\\ud800x"');
    try {
      const { lastError, failures } = await createThenUnassign(scim);
      expect(lastError).to.match(/^Automatic deactivation of user \S+ in app .+ failed: the SCIM server's id "u\\ud800x" cannot be sent in a URL: it holds a lone UTF-16 surrogate \(U\+D800\)/);
      expect(failures.join('\n')).to.not.match(/Internal emulator error|URIError/);
      // Nothing was sent for the id it could not encode.
      expect(scim.requests.map((r) => r.method)).to.deep.equal(['GET', 'POST']);
    } finally {
      await scim.close();
    }
  });

  for (const [label, idJson, wire] of [
    ['a path-like id', '"u3/../../../etc/passwd"', '/scim/v2/Users/u3%2F..%2F..%2F..%2Fetc%2Fpasswd'],
    ['an id with CR/LF', '"a\\r\\nb"', '/scim/v2/Users/a%0D%0Ab'],
    ['an id with %2e%2e and #', '"%2e%2e#x"', '/scim/v2/Users/%252e%252e%23x'],
  ] as const) {
    it(`${label} is deactivated at exactly /Users/<id>`, async () => {
      const scim = await serverGiving(idJson);
      try {
        const { lastError } = await createThenUnassign(scim);
        expect(lastError ?? null).to.equal(null);
        expect(scim.requests.map((r) => `${r.method} ${r.url}`)).to.include(`PATCH ${wire}`);
      } finally {
        await scim.close();
      }
    });
  }
});
