/** Terminal renderings of server text (issue 15 item 2): src/report/printable.ts. */
import { expect } from 'chai';
import fc from 'fast-check';
import { terminalJson, terminalLine, terminalText } from '../../src/report/printable.js';

/** What may not reach a terminal: C0 controls but LF and tab, DEL, C1 controls. */
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('report/printable: terminal text', () => {
  const cases: readonly [string, string, string][] = [
    ['clear screen', '\u001b[2J', '␛[2J'],
    ['OSC window title', '\u001b]0;pwned\u0007', '␛]0;pwned␇'],
    ['C1 CSI', '\u009b31m', '\uFFFD31m'],
    ['NUL and DEL', 'a\u0000b\u007f', 'a␀b␡'],
    ['carriage return (rewrites the line)', 'ok\rFAKE PASS', 'ok␍FAKE PASS'],
    ['newline and tab kept', 'a\n\tb', 'a\n\tb'],
  ];
  for (const [name, input, expected] of cases) {
    it(`terminalText: ${name}`, () => {
      expect(terminalText(input)).to.equal(expected);
    });
  }

  it('terminalLine makes one line', () => {
    expect(terminalLine('a\r\nb\tc\u001b')).to.equal('a b c␛');
  });

  it('property: terminalText leaves no control but LF and tab; terminalLine none at all', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(FORBIDDEN.test(terminalText(s))).to.equal(false);
      expect(/[\u0000-\u001F\u007F-\u009F]/.test(terminalLine(s))).to.equal(false);
    }), { numRuns: 2000 });
  });

  it('property: terminalJson keeps the JSON value and leaves no control character', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, s) => {
      const json = JSON.stringify({ value, s }, null, 2);
      const safe = terminalJson(json);
      expect(JSON.parse(safe)).to.deep.equal(JSON.parse(json));
      expect(FORBIDDEN.test(safe)).to.equal(false);
      expect(/[\uFFFE\uFFFF]/.test(safe)).to.equal(false);
    }), { numRuns: 1000 });
  });
});
