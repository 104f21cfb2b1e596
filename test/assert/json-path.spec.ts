/** JavaScript-style property paths of `response_json` ("standard JavaScript notation"). */
import { expect } from 'chai';
import { InvalidPathError, parsePath, readPath } from '../../src/assert/json-path.js';

const BODY = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  Resources: [{
    id: '2819c223',
    userName: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    emails: [{ value: 'bjensen@example.com', primary: true }],
    active: false,
    nickName: null,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '701984' },
  }],
  'odd key': { 'a.b': 1, "it's": 2 },
  '0': 'zero key',
  empty: [],
};

describe('json-path', () => {
  describe('parsePath', () => {
    const table: [string, (string | number)[]][] = [
      ['', []],
      ['  ', []],
      ['id', ['id']],
      ['Resources[0].name.familyName', ['Resources', 0, 'name', 'familyName']],
      ['emails[0].value', ['emails', 0, 'value']],
      ['a[0][1]', ['a', 0, 1]],
      ['["odd key"]', ['odd key']],
      ["['odd key'].x", ['odd key', 'x']],
      ['a["b.c"].d', ['a', 'b.c', 'd']],
      ['[ 0 ]', [0]],
      ['Resources[0]["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].employeeNumber', ['Resources', 0, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'employeeNumber']],
      ['0', ['0']],
      ['a.0', ['a', '0']],
      ['a..b', ['a', 'b']],
    ];
    for (const [path, segments] of table) {
      it(`${JSON.stringify(path)} → ${JSON.stringify(segments)}`, () => {
        expect(parsePath(path)).to.deep.equal(segments);
      });
    }

    const bad: [string, RegExp][] = [
      ['a[0', /unclosed "\["/],
      ['a[-1]', /index "-1" is neither a number nor a quoted key/],
      ['a[b]', /index "b" is neither a number nor a quoted key/],
      ['.a', /unexpected "\." at 0/],
      ['a.', /unexpected "\." at 1/],
      ['a]', /unexpected "]"/],
    ];
    for (const [path, message] of bad) {
      it(`refuses ${JSON.stringify(path)}`, () => {
        expect(() => parsePath(path)).to.throw(InvalidPathError, message);
      });
    }
  });

  describe('readPath', () => {
    const found: [string, unknown][] = [
      ['', BODY],
      ['totalResults', 1],
      ['schemas', BODY.schemas],
      ['schemas[0]', 'urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      ['Resources[0].id', '2819c223'],
      ['Resources[0].name.givenName', 'Barbara'],
      ['Resources[0].emails[0].value', 'bjensen@example.com'],
      ['Resources[0].emails[0].primary', true],
      ['Resources[0].active', false],
      ['Resources[0].nickName', null],
      ['Resources[0]["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].employeeNumber', '701984'],
      ['["odd key"]["a.b"]', 1],
      ['["odd key"]["it\'s"]', 2],
      ['0', 'zero key'],
      ['empty', []],
      ['Resources.length', 1],
      ['empty.length', 0],
    ];
    // `data.items.length` is Runscope's own example ("Extract the length of the items array").
    for (const [path, value] of found) {
      it(`finds ${JSON.stringify(path)}`, () => {
        expect(readPath(BODY, path)).to.deep.equal({ kind: 'value', value });
      });
    }

    const absent: [unknown, string, string][] = [
      [BODY, 'missing', 'missing is missing'],
      [BODY, 'Resources[1].id', 'Resources[1] is missing (Resources has 1 element)'],
      [BODY, 'empty[0]', 'empty[0] is missing (empty has 0 elements)'],
      [BODY, 'Resources[0].name.middleName', 'Resources[0].name.middleName is missing'],
      [BODY, 'Resources[0].nickName.x', 'Resources[0].nickName is null, so Resources[0].nickName.x is missing'],
      [BODY, 'totalResults.x', 'totalResults is number, so totalResults.x is missing'],
      [BODY, 'Resources.id', 'Resources.id is missing'],
      [BODY, 'Resources[0].name[0]', 'Resources[0].name is not an array, so Resources[0].name[0] is missing'],
      [BODY, 'toString', 'toString is missing'],
      [BODY, '__proto__', '__proto__ is missing'],
      [null, 'a', 'the body is null, so a is missing'],
      ['text', '[0]', 'the body is string, so [0] is missing'],
    ];
    for (const [root, path, why] of absent) {
      it(`reports ${JSON.stringify(path)} missing in ${JSON.stringify(root).slice(0, 20)}`, () => {
        expect(readPath(root, path)).to.deep.equal({ kind: 'missing', why });
      });
    }
  });
});
