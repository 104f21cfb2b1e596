import { expect } from 'chai';
import { joinScimUrl, placeBaseQuery } from '../../src/scim/base-url.js';

describe('SCIM base URLs with a query (Entra\'s ?aadOptscim062020)', () => {
  const table: readonly (readonly [base: string, rest: string, joined: string])[] = [
    ['https://h/scim/v2', '/Users', 'https://h/scim/v2/Users'],
    ['https://h/scim/v2/', '/Users?count=1', 'https://h/scim/v2/Users?count=1'],
    ['https://h/scim?aadOptscim062020', '/Users', 'https://h/scim/Users?aadOptscim062020'],
    ['https://h/scim/?aadOptscim062020', '/Users?filter=userName eq "a"', 'https://h/scim/Users?filter=userName eq "a"&aadOptscim062020'],
    ['https://h/scim?a=1&b=2', '/Users/42', 'https://h/scim/Users/42?a=1&b=2'],
    ['https://h/scim?aadOptscim062020', '', 'https://h/scim?aadOptscim062020'],
    ['https://h/scim?aadOptscim062020', '/Groups?', 'https://h/scim/Groups?aadOptscim062020'],
  ];
  for (const [base, rest, joined] of table) {
    it(`${base} + ${rest || '(nothing)'} → ${joined}`, () => {
      expect(joinScimUrl(base, rest)).to.equal(joined);
    });
  }

  it('a rendered URL is rewritten only when it starts with a base that has a query', () => {
    const bases = ['https://h/scim?flag', undefined];
    expect(placeBaseQuery('https://h/scim?flag/Users?count=2', bases)).to.equal('https://h/scim/Users?count=2&flag');
    expect(placeBaseQuery('https://okta.example/api/v1/users', bases)).to.equal('https://okta.example/api/v1/users');
    expect(placeBaseQuery('https://h/scim/Users', ['https://h/scim'])).to.equal('https://h/scim/Users');
    // Not a path after the base: left alone.
    expect(placeBaseQuery('https://h/scim?flagged', bases)).to.equal('https://h/scim?flagged');
  });
});
