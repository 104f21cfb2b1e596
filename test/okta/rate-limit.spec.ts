import { expect } from 'chai';
import type { HeaderList } from '../../src/model/result.js';
import { rateLimitWait } from '../../src/okta/rate-limit.js';

describe('okta/rate-limit rateLimitWait', () => {
  const date = 'Sun, 29 Nov 2026 10:00:00 GMT';
  const dateSec = Date.parse(date) / 1000;
  const now = Date.parse(date) + 30_000; // a local clock 30 s ahead of Okta's
  const cases: readonly { readonly name: string; readonly headers: HeaderList; readonly expected: ReturnType<typeof rateLimitWait> | RegExp }[] = [
    { name: 'reset − Date + 1 s, ignoring local skew', headers: [['x-rate-limit-reset', String(dateSec + 5)], ['date', date]], expected: { retry: true, waitMs: 6000 } },
    { name: 'no Date header: the local clock', headers: [['x-rate-limit-reset', String(dateSec + 40)]], expected: { retry: true, waitMs: 11_000 } },
    { name: 'a reset long past: no wait', headers: [['x-rate-limit-reset', String(dateSec - 10)], ['date', date]], expected: { retry: true, waitMs: 0 } },
    { name: 'beyond the maximum wait', headers: [['x-rate-limit-reset', String(dateSec + 120)], ['date', date]], expected: /resets in 121 s, longer than the 60 s/ },
    { name: 'missing reset', headers: [['date', date]], expected: /no X-Rate-Limit-Reset/ },
    { name: 'duplicated reset', headers: [['x-rate-limit-reset', `${dateSec + 1}, ${dateSec + 2}`]], expected: /several X-Rate-Limit-Reset/ },
    { name: 'not a number', headers: [['x-rate-limit-reset', 'soon']], expected: /not a number: soon/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const actual = rateLimitWait(c.headers, now, 60_000);
      if (c.expected instanceof RegExp) {
        expect(actual.retry).to.equal(false);
        expect(actual.retry === false ? actual.reason : '').to.match(c.expected);
      } else {
        expect(actual).to.deep.equal(c.expected);
      }
    });
  }
});
