/**
 * The /Schemas and /ResourceTypes shape checks of rfc7644 on huge answers (issue 14 item 3): one
 * pass by index over 10^6 elements, with what is shown capped ("… and N more"), and the verdicts
 * those elements call for, wherever in the list the deciding element is.
 */
import { expect } from 'chai';
import type { Check, VerifyContext } from '../../src/model/suite.js';
import { resourceTypesShape, schemasShape } from '../../suites/rfc7644.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ctx = (resources: unknown[]): VerifyContext => ({ status: 200, headers: {}, text: '', json: { Resources: resources }, vars: () => undefined });
const byTitle = (checks: readonly Check[], part: string): Check => {
  const found = checks.find((c) => c.title.includes(part));
  if (found === undefined) throw new Error(`no check titled …${part}…`);
  return found;
};

describe('rfc7644 discovery shapes on huge answers', () => {
  it('/Schemas of 10^6 non-objects with the User schema last: one problem per element counted, 20 shown, the User schema found', () => {
    const resources: unknown[] = new Array(1_000_000).fill(0);
    resources[999_999] = { id: USER, attributes: [{ name: 'userName', type: 'string', multiValued: false }] };
    const checks = schemasShape(ctx(resources));
    expect(byTitle(checks, 'is listed').ok).to.equal(true);
    const problems = byTitle(checks, 'every attribute definition');
    expect(problems.ok).to.equal(false);
    const shown = problems.actual as string[];
    expect(shown).to.have.length(21);
    expect(shown[0]).to.equal('Resources[0]: not an object');
    expect(shown[20]).to.equal('… and 999979 more');
    const ids = byTitle(checks, 'is listed').actual as string[];
    expect(ids).to.have.length(21);
    expect(ids[20]).to.equal('… and 999980 more');
  });

  it('/Schemas without the User schema fails, and a small answer shows every id', () => {
    const checks = schemasShape(ctx([{ id: 'urn:example:Other', attributes: [] }]));
    const user = byTitle(checks, 'is listed');
    expect(user.ok).to.equal(false);
    expect(user.actual).to.deep.equal(['urn:example:Other']);
    expect(byTitle(checks, 'every attribute definition').ok).to.equal(true);
  });

  it('/ResourceTypes of 10^6 incomplete entries with the User type last: counted, 20 shown, the User type found', () => {
    const resources: unknown[] = new Array(1_000_000).fill({});
    resources[999_999] = { name: 'User', endpoint: '/Users', schema: USER };
    const checks = resourceTypesShape(ctx(resources));
    const incomplete = byTitle(checks, 'every resource type');
    expect(incomplete.ok).to.equal(false);
    expect(incomplete.actual as unknown[]).to.have.length(21);
    expect((incomplete.actual as unknown[])[20]).to.equal('… and 999979 more');
    expect(byTitle(checks, 'a resource type has schema').ok).to.equal(true);
  });

  it('/ResourceTypes with complete entries passes and names them', () => {
    const checks = resourceTypesShape(ctx([{ name: 'User', endpoint: '/Users', schema: USER }, { name: 'Group', endpoint: '/Groups', schema: 'urn:ietf:params:scim:schemas:core:2.0:Group' }]));
    expect(byTitle(checks, 'every resource type').ok).to.equal(true);
    expect(byTitle(checks, 'every resource type').actual).to.equal('2 type(s)');
    expect(byTitle(checks, 'a resource type has schema').actual).to.deep.equal(['User', 'Group']);
  });
});
