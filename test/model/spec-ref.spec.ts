import { expect } from 'chai';
import { isKnownSpecRef, specUrl } from '../../src/model/spec-ref.js';

describe('spec references', () => {
  it('resolve by longest prefix: RFC sections, Okta and each Entra document', () => {
    expect(specUrl('RFC7644-3.4.2.2')).to.equal('https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2.2');
    expect(specUrl('OKTA-SPEC')).to.match(/^https:\/\/developer\.okta\.com\//);
    expect(specUrl('ENTRA-SCIM')).to.match(/use-scim-to-provision-users-and-groups$/);
    expect(specUrl('ENTRA-VALIDATOR')).to.match(/scim-validator-tutorial$/);
    expect(specUrl('ENTRA-COMPAT')).to.match(/scim-compatibility$/);
    expect(specUrl('ENTRA-LOGIC-APP')).to.match(/SCIM-Validation-Test-Overview\.md$/);
  });

  it('knows a reference only when it can link to it', () => {
    expect(isKnownSpecRef('RFC7643-4.1.1')).to.equal(true);
    expect(isKnownSpecRef('RFC7643-x')).to.equal(false);
    expect(isKnownSpecRef('ENTRA-VALIDATOR')).to.equal(true);
    expect(isKnownSpecRef('ENTRAVALIDATOR')).to.equal(false);
    expect(isKnownSpecRef('SOMEONE-ELSE')).to.equal(false);
  });
});
