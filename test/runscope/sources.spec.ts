/** Every assertion/variable source, table-driven, on hand-built responses. */
import { expect } from 'chai';
import type { Actual } from '../../src/assert/actual.js';
import { viewResponse, type ResponseView } from '../../src/assert/response-view.js';
import { SOURCES } from '../../src/assert/sources/registry.js';
import { SOURCE_NAMES, type SourceName } from '../../src/model/suite.js';

function response(partial: Partial<Omit<ResponseView, 'json'>> = {}): ResponseView {
  return viewResponse({
    status: 200,
    headers: [['Content-Type', 'application/scim+json'], ['ETag', 'W/"1"'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']],
    text: '{"id":"42","n":0,"list":[]}',
    timeMs: 12.6,
    sizeBytes: 27,
    truncatedBytes: 0,
    ...partial,
  });
}

const value = (v: unknown): Actual => ({ kind: 'value', value: v });

const TABLE: [SourceName, string | undefined, ResponseView, Actual | RegExp][] = [
  ['response_status', undefined, response(), value(200)],
  ['response_status', 'ignored', response({ status: 404 }), value(404)],
  ['response_json', 'id', response(), value('42')],
  ['response_json', 'n', response(), value(0)],
  ['response_json', '', response(), value({ id: '42', n: 0, list: [] })],
  ['response_json', undefined, response(), value({ id: '42', n: 0, list: [] })],
  ['response_json', 'list[0]', response(), /^list\[0\] is missing \(list has 0 elements\)$/],
  ['response_json', 'id', response({ text: '' }), /^the body is empty$/],
  ['response_json', 'id', response({ text: '  \r\n' }), /^the body is empty$/],
  ['response_json', 'id', response({ text: '<html>' }), /^the body is not JSON \(/],
  ['response_json', 'id', response({ text: '{"id":"4', sizeBytes: 100, truncatedBytes: 92 }), /^the body was cut after 8 bytes$/],
  ['response_json', '', response({ text: 'null' }), value(null)],
  ['response_json', '', response({ text: '"text"' }), value('text')],
  ['response_headers', 'ETag', response(), value('W/"1"')],
  ['response_headers', 'etag', response(), value('W/"1"')],
  ['response_headers', 'Set-Cookie', response(), value('a=1, b=2')],
  ['response_headers', 'Location', response(), /^header Location is absent$/],
  ['response_headers', undefined, response(), /^header {2}is absent$/],
  ['response_text', undefined, response(), value('{"id":"42","n":0,"list":[]}')],
  ['response_text', undefined, response({ text: '' }), value('')],
  ['response_time', undefined, response(), value(13)],
  ['response_time', undefined, response({ timeMs: 0.4 }), value(0)],
  ['response_size', undefined, response(), value(27)],
  ['response_size', undefined, response({ sizeBytes: 100, truncatedBytes: 92 }), value(100)],
];

describe('assertion sources', () => {
  it('has one reader per source name', () => {
    expect(Object.keys(SOURCES).sort()).to.deep.equal([...SOURCE_NAMES].sort());
    for (const name of SOURCE_NAMES) expect(SOURCES[name].name).to.equal(name);
  });

  for (const [source, property, view, want] of TABLE) {
    const label = `${source}${property === undefined ? '' : ` ${JSON.stringify(property)}`} of ${JSON.stringify(view.text).slice(0, 30)}`;
    it(`${label} → ${want instanceof RegExp ? `missing ${want}` : JSON.stringify((want as { value?: unknown }).value)}`, () => {
      const got = SOURCES[source].read(view, property);
      if (want instanceof RegExp) {
        expect(got.kind).to.equal('missing');
        expect(got.kind === 'missing' ? got.why : '').to.match(want);
      } else expect(got).to.deep.equal(want);
    });
  }

  it('throws only InvalidPathError, for a malformed path', () => {
    expect(() => SOURCES.response_json.read(response(), 'a[')).to.throw(/invalid property path/);
  });
});
