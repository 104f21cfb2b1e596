import { expect } from 'chai';
import type { JsonObject } from '../../src/scim/json-value.js';
import { USER_SCHEMA_SET } from '../../src/scim/schemas.js';
import { sortResources } from '../../src/scim/sort.js';

const users: readonly JsonObject[] = [
  { id: 'b', userName: 'bob', meta: { created: '2020-01-02T00:00:00Z' }, emails: [{ value: 'z@x' }, { value: 'a@x', primary: true }] },
  { id: 'n', meta: { created: '2020-01-03T00:00:00Z' } },
  { id: 'a', userName: 'Alice', meta: { created: '2020-01-01T12:00:00+02:00' }, emails: [{ value: 'm@x' }] },
  { id: 'c', userName: 'carol', meta: { created: '2019-12-31T00:00:00Z' } },
];

describe('scim/sort: sortResources (RFC7644-3.4.2.3)', () => {
  const cases: readonly (readonly [string, 'ascending' | 'descending', readonly string[]])[] = [
    ['userName', 'ascending', ['a', 'b', 'c', 'n']],
    ['USERNAME', 'descending', ['c', 'b', 'a', 'n']],
    ['meta.created', 'ascending', ['c', 'a', 'b', 'n']],
    ['emails', 'ascending', ['b', 'a', 'n', 'c']],
    ['id', 'descending', ['n', 'c', 'b', 'a']],
    ['unknownAttribute', 'ascending', ['b', 'n', 'a', 'c']],
  ];
  for (const [sortBy, order, expected] of cases) {
    it(`${sortBy} ${order}`, () => {
      expect(sortResources(users, sortBy, order, USER_SCHEMA_SET).map((user) => user['id'])).to.deep.equal(expected);
    });
  }
});
