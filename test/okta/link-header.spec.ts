import { expect } from 'chai';
import type { HeaderList } from '../../src/model/result.js';
import { findNextLink } from '../../src/okta/link-header.js';

describe('okta/link-header findNextLink', () => {
  const cases: readonly { readonly name: string; readonly headers: HeaderList; readonly next: string | undefined }[] = [
    { name: 'no Link header', headers: [], next: undefined },
    { name: 'only self', headers: [['link', '<https://o/api/v1/users?limit=2>; rel="self"']], next: undefined },
    {
      name: 'separate self and next headers (Okta)',
      headers: [['Link', '<https://o/api/v1/users?limit=2>; rel="self"'], ['Link', '<https://o/api/v1/users?after=00u2&limit=2>; rel="next"']],
      next: 'https://o/api/v1/users?after=00u2&limit=2',
    },
    {
      name: 'comma-joined by a proxy',
      headers: [['link', '<https://o/a?x=1,2>; rel="self", <https://o/a?after=b>; rel="next"']],
      next: 'https://o/a?after=b',
    },
    { name: 'unquoted rel, odd spacing', headers: [['link', '<https://o/n> ;rel=next']], next: 'https://o/n' },
    { name: 'several relation types', headers: [['link', '<https://o/n>; rel="last next"']], next: 'https://o/n' },
    { name: 'rel that merely contains "next"', headers: [['link', '<https://o/n>; rel="nextish"']], next: undefined },
    { name: 'title parameter mentioning next', headers: [['link', '<https://o/n>; title="next"; rel="self"']], next: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(findNextLink(c.headers)).to.equal(c.next);
    });
  }
});
