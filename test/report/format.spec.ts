import { expect } from 'chai';
import { clip, formatActual, formatBytes, formatExpected, formatSeconds, indentJson } from '../../src/report/format.js';
import { printable } from '../../src/report/printable.js';

describe('report/format', () => {
  describe('formatActual', () => {
    const CASES: readonly [string, unknown, string][] = [
      ['a number', 200, '200'],
      ['a string, quoted (so "true" and true differ)', 'true', '"true"'],
      ['a boolean', true, 'true'],
      ['null', null, 'null'],
      ['the missing marker', { missing: true }, '(missing)'],
      ['an object that merely has missing', { missing: true, other: 1 }, '{"missing":true,"other":1}'],
      ['undefined', undefined, '(none)'],
      ['an array', [1, 'a'], '[1,"a"]'],
    ];
    for (const [name, value, expected] of CASES) it(name, () => expect(formatActual(value)).to.equal(expected));
  });

  it('formatExpected shows null as (none) and strings as declared', () => {
    expect(formatExpected(null)).to.equal('(none)');
    expect(formatExpected('201')).to.equal('201');
  });

  it('formats seconds, bytes and clips', () => {
    expect(formatSeconds(410)).to.equal('0.41 s');
    expect([formatBytes(912), formatBytes(204_800), formatBytes(3_565_158)]).to.deep.equal(['912 B', '200.0 KiB', '3.4 MiB']);
    expect(clip('abcdef', 4)).to.equal('abc…');
    expect(clip('abc', 4)).to.equal('abc');
  });

  describe('indentJson', () => {
    const CASES: readonly [string, string, string | undefined][] = [
      ['an object', '{"a":1,"b":[true,null]}', '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}'],
      ['keeps number spelling and escapes as sent', '{"n":1.0e3,"s":"a\\"b,c:{d}\\u00e9"}', '{\n  "n": 1.0e3,\n  "s": "a\\"b,c:{d}\\u00e9"\n}'],
      ['keeps duplicate keys', '{"a":1,"a":2}', '{\n  "a": 1,\n  "a": 2\n}'],
      ['keeps empty containers compact', '{"a":{},"b":[ ]}', '{\n  "a": {},\n  "b": []\n}'],
      ['re-indents already indented JSON', '{\n    "a" : 1\n}', '{\n  "a": 1\n}'],
      ['leaves a scalar alone', '42', undefined],
      ['leaves invalid JSON alone', '{"a":', undefined],
      ['leaves text alone', 'Not Found', undefined],
      ['keeps a string ending in a backslash', '["\\\\"]', '[\n  "\\\\"\n]'],
    ];
    for (const [name, text, expected] of CASES) it(name, () => expect(indentJson(text)).to.equal(expected));

    it('changes only whitespace', () => {
      const text = '{"Resources":[{"id":"1","name":{"givenName":"A B"}}],"totalResults":1}';
      expect(indentJson(text)!.replace(/\n\s*/g, '').replace(/": /g, '":')).to.equal(text);
    });
  });

  describe('printable', () => {
    const CASES: readonly [string, string, string][] = [
      ['keeps tab, LF, CR', 'a\tb\nc\rd', 'a\tb\nc\rd'],
      ['shows C0 controls as control pictures', '\u0000\u0001\u001b\u001f', '␀␁␛␟'],
      ['shows DEL', '\u007f', '␡'],
      ['replaces C1 controls', '\u0085\u009b', '\uFFFD\uFFFD'],
      ['replaces lone surrogates', 'a\ud800b\udc00c', 'a\uFFFDb\uFFFDc'],
      ['keeps surrogate pairs', '😀', '😀'],
      ['replaces U+FFFE and U+FFFF', '\ufffe\uffff', '\uFFFD\uFFFD'],
      ['keeps ordinary text', 'Grüße <b> & "x"', 'Grüße <b> & "x"'],
    ];
    for (const [name, text, expected] of CASES) it(name, () => expect(printable(text)).to.equal(expected));
  });
});
