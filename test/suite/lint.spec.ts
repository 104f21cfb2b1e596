import { expect } from 'chai';
import { lintSuite } from '../../src/suite/lint.js';
import { NATIVE_SUITES } from '../../src/suite/registry.js';
import type { RequestStep, Suite } from '../../src/model/suite.js';
import { seedUserSuite } from '../../suites/setup-seed-user.js';

describe('suite lint', () => {
  for (const suite of [...NATIVE_SUITES, seedUserSuite]) {
    it(`${suite.id}: unique ids, known refs, requirement and fix, variables defined before use`, () => {
      expect(lintSuite(suite)).to.deep.equal([]);
    });
  }

  it('finds each kind of problem', () => {
    const bad: Suite = {
      id: 'x', name: 'x', description: '', source: { format: 'native' }, inputs: [{ name: 'base', description: '' }],
      steps: [
        { kind: 'request', id: 'x/a', title: 'a', requirement: 'r', fix: 'f', level: 'required', refs: ['RFC7644-99.1x'], request: { method: 'GET', url: '{{base}}/{{id}}', headers: [] }, extractions: [{ name: 'later', source: 'response_json', property: 'id' }], beforeScripts: [], scripts: [], assertions: [], readBack: { boundMs: 1, of: 'x/a' } },
        { kind: 'request', id: 'x/a', title: 'a', requirement: '', fix: 'f', level: 'required', refs: [], request: { method: 'GET', url: '{{base}}/{{later}}', headers: [] }, extractions: [], beforeScripts: [], scripts: [], assertions: [] },
        { kind: 'pause', id: 'y/p', seconds: 1 },
      ],
      cleanup: [{ title: 't', needs: ['nothing'] }],
    };
    expect(lintSuite(bad)).to.deep.equal([
      'x/a: unknown spec reference RFC7644-99.1x',
      'x/a: reads back x/a, which is not an earlier step of the suite',
      'x/a: uses {{id}} before any input, initial data or earlier step defines it',
      'x/a: duplicate step id',
      'x/a: no spec reference',
      'x/a: requirement and fix must be written',
      'y/p: id does not start with the suite id x/',
      'cleanup "t": needs {{nothing}}, which nothing defines',
    ]);
  });

  it('rejects URL templates that would let a server value escape its path segment', () => {
    const request = (id: string, url: string): RequestStep => ({
      kind: 'request' as const, id, title: 't', requirement: 'r', fix: 'f', level: 'required' as const, refs: ['RFC7644-3.4.1'],
      request: { method: 'GET', url, headers: [] }, extractions: [{ name: 'userId', source: 'response_json' as const, property: 'id' }],
      beforeScripts: [], scripts: [], assertions: [],
    });
    const suite: Suite = {
      id: 'u', name: 'u', description: '', source: { format: 'native' }, inputs: [{ name: 'SCIMBaseURL', description: '' }],
      steps: [
        request('u/ok', '{{SCIMBaseURL}}/Users/{{SCIMBaseURL}}?filter=userName eq "{{SCIMBaseURL}}"'),
        request('u/no-base', '/Users/{{userId}}'),
        request('u/server-base', '{{userId}}/Users'),
        request('u/part-segment', '{{SCIMBaseURL}}/Users{{userId}}'),
        request('u/two-in-a-segment', '{{SCIMBaseURL}}/Users/{{userId}}-{{userId}}'),
      ],
      cleanup: [{ title: 'c', needs: ['userId'], request: { method: 'DELETE', url: '{{SCIMBaseURL}}/Users/x{{userId}}', headers: [] } }],
    };
    expect(lintSuite(suite).filter((p) => p.includes('URL'))).to.deep.equal([
      'u/no-base: URL "/Users/{{userId}}" does not start with a base placeholder such as {{SCIMBaseURL}}',
      'u/server-base: URL base {{userId}} is not an input of the suite: a server value must never become a URL\'s origin or path prefix',
      'u/part-segment: URL "{{SCIMBaseURL}}/Users{{userId}}": {{userId}} must fill a whole path segment (/…/{{userId}}/…)',
      'u/two-in-a-segment: URL "{{SCIMBaseURL}}/Users/{{userId}}-{{userId}}": {{userId}} must fill a whole path segment (/…/{{userId}}/…)',
      'u/two-in-a-segment: URL "{{SCIMBaseURL}}/Users/{{userId}}-{{userId}}": {{userId}} must fill a whole path segment (/…/{{userId}}/…)',
      'cleanup "c": URL "{{SCIMBaseURL}}/Users/x{{userId}}": {{userId}} must fill a whole path segment (/…/{{userId}}/…)',
    ]);
  });
});
