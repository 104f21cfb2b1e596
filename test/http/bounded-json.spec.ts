import { expect } from 'chai';
import { jsonDepth, MAX_JSON_DEPTH, parseBoundedJson } from '../../src/http/bounded-json.js';

describe('bounded JSON (hostile bodies)', () => {
  const nested = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

  it('measures nesting, skipping brackets inside strings and escaped quotes', () => {
    expect(jsonDepth('{}')).to.equal(1);
    expect(jsonDepth('{"a":[{"b":[]}]}')).to.equal(4);
    expect(jsonDepth('{"a":"[[[{{{"}')).to.equal(1);
    expect(jsonDepth('{"a":"\\"[[[","b":[1]}')).to.equal(2);
    expect(jsonDepth('"just a string"')).to.equal(0);
  });

  it(`parses up to ${MAX_JSON_DEPTH} levels and refuses deeper text with a readable error`, () => {
    expect(parseBoundedJson(nested(MAX_JSON_DEPTH)).ok).to.equal(true);
    expect(parseBoundedJson(nested(MAX_JSON_DEPTH + 1))).to.deep.equal({ ok: false, error: `JSON nested more than ${MAX_JSON_DEPTH} levels deep`, tooDeep: true });
    // 100 000 levels: JSON.parse would accept it, and every walk of the value would overflow the stack.
    const deep = parseBoundedJson(nested(100_000));
    expect(deep.ok).to.equal(false);
  });

  it('reports text that is not JSON', () => {
    const r = parseBoundedJson('{ nope');
    expect(r.ok).to.equal(false);
    expect(r.ok ? '' : r.error).to.match(/JSON/);
  });
});
