/**
 * `setup/seed-user` (opt-in, `--seed-user`): satisfies Okta's SPEC precondition "at least one
 * user exists" by creating one complete, recognisably named user before the suites run and
 * deleting it after them.
 */
import type { Suite } from '../src/model/suite.js';

const SUFFIX = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const seedUserSuite: Suite = {
  id: 'setup/seed-user',
  name: 'Setup: seed user',
  description: 'Creates one complete user so that GET /Users has something to list (Okta SPEC precondition).',
  source: { format: 'native' },
  inputs: [
    { name: 'SCIMBaseURL', description: 'SCIM base URL (--scim-url)' },
    { name: 'auth', description: 'Authorization header value (--scim-auth)', secret: true },
  ],
  initial: {
    kind: 'generate',
    generate: (random) => {
      let tag = '';
      for (let i = 0; i < 8; i += 1) tag += SUFFIX.charAt(Math.floor(random() * SUFFIX.length));
      return { seedUserName: `scim-conformance-seed-${tag}@example.com`, seedTag: tag };
    },
  },
  steps: [{
    kind: 'request',
    id: 'setup/seed-user/create',
    title: 'Create a seed user (precondition of the Okta SPEC test)',
    requirement: 'POST /Users creates a complete user (a 2xx answer with an id).',
    fix: 'Let POST /Users create users, or create one by hand and run without --seed-user.',
    level: 'required',
    refs: ['OKTA-SPEC', 'RFC7644-3.3'],
    request: {
      method: 'POST',
      url: '{{SCIMBaseURL}}/Users',
      headers: [['Authorization', '{{auth}}'], ['Content-Type', 'application/scim+json'], ['Accept', 'application/scim+json']],
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: '{{seedUserName}}',
        name: { givenName: 'Seed', familyName: 'User{{seedTag}}' },
        emails: [{ primary: true, value: '{{seedUserName}}', type: 'work' }],
        displayName: 'Seed User{{seedTag}}',
        active: true,
      }),
    },
    beforeScripts: [],
    scripts: [],
    extractions: [{ name: 'seedUserId', source: 'response_json', property: 'id' }],
    // Setup, not a check: any success with an id will do (okta-spec checks the 201 itself).
    assertions: [
      { source: 'response_status', comparison: 'is_less_than', value: '300' },
      { source: 'response_json', property: 'id', comparison: 'not_empty', value: null },
    ],
  }],
  cleanup: [{
    title: 'seed user {{seedUserName}} ({{seedUserId}}): deleted',
    needs: ['seedUserId'],
    request: { method: 'DELETE', url: '{{SCIMBaseURL}}/Users/{{seedUserId}}', headers: [['Authorization', '{{auth}}']] },
  }],
};
