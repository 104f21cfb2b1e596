/** `{{…}}` templates and Runscope's built-in functions, table by table. */
import { createHash, createHmac } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { missingVariables, renderTemplate, templateVariables } from '../../src/engine/template.js';
import { formatTimestamp, TEMPLATE_FUNCTIONS, type TemplateFunctionContext } from '../../src/engine/template-functions.js';

const VARS: Record<string, string> = {
  base: 'https://x.example/scim/v2',
  id: '2819c223',
  user: 'ada',
  password: 'p,w)d',
  braces: '{{id}}',
  empty: '',
  ts: '86400',
  'dotted.name': 'dotted',
  sha1: 'overridden',
};
const lookup = (n: string): string | undefined => VARS[n];

/** 2021-03-04T05:06:07.089Z, and a random source that counts up. */
const NOW = Date.UTC(2021, 2, 4, 5, 6, 7, 89);
function fixedContext(values: number[] = [0.5]): TemplateFunctionContext {
  let i = 0;
  return { now: () => NOW, random: () => values[i++ % values.length] ?? 0 };
}

const md5 = (t: string): string => createHash('md5').update(t).digest('hex');

describe('templates', () => {
  describe('variables', () => {
    const table: [string, string, string[]][] = [
      ['{{base}}/Users/{{id}}', 'https://x.example/scim/v2/Users/2819c223', []],
      ['{{ id }}', '2819c223', []],
      ['no templates', 'no templates', []],
      ['', '', []],
      ['{{empty}}x', 'x', []],
      ['{{dotted.name}}', 'dotted', []],
      ['{{missing}}/{{id}}', '{{missing}}/2819c223', ['missing']],
      ['{{missing}}{{missing}}', '{{missing}}{{missing}}', ['missing']],
      ['{{braces}}', '{{id}}', []],
      ['{"id":{{{id}}}}', '{"id":{2819c223}}', []],
      ['{{{id}}}', '{2819c223}', []],
      ['{"a":{{id}}}', '{"a":2819c223}', []],
      ['{{id', '{{id', []],
      ['id}}', 'id}}', []],
      ['{{}}', '{{}}', ['']],
      ['{{ {{user}} }}', '{{ {{user}} }}', ['ada']],
      ['line1\r\n{{id}}\r\n', 'line1\r\n2819c223\r\n', []],
      ['{{sha1}}', 'overridden', []],
    ];
    for (const [template, text, missing] of table) {
      it(`${JSON.stringify(template)} → ${JSON.stringify(text)}${missing.length ? ` (missing ${missing.join(', ')})` : ''}`, () => {
        const r = renderTemplate(template, lookup, fixedContext());
        expect(r.text).to.equal(text);
        expect(r.missing).to.deep.equal(missing);
        expect(r.errors).to.deep.equal([]);
      });
    }

    const used: [string, string[]][] = [
      ['{{base}}/Users/{{id}}?q={{ id }}', ['base', 'id']],
      ['{{timestamp}}{{random_int(1,2)}}{{uuid}}', []],
      ['{{md5({{password}}:{{user}})}}', ['password', 'user']],
      ['{{format_timestamp({{ts}}, YYYY)}}', ['ts']],
      ['plain', []],
    ];
    for (const [template, names] of used) {
      it(`templateVariables(${JSON.stringify(template)}) = ${JSON.stringify(names)}`, () => {
        expect(templateVariables(template)).to.deep.equal(names);
      });
    }
  });

  describe('built-in functions (Runscope "Use Built-in Variables and Functions")', () => {
    const table: [string, string][] = [
      ['{{timestamp}}', String(Math.floor(NOW / 1000))],
      ['{{timestamp()}}', String(Math.floor(NOW / 1000))],
      ['{{utc_datetime}}', '2021-03-04T05:06:07.089000'],
      ['{{format_timestamp(86400, YYYY-MM-DD)}}', '1970-01-02'],
      ['{{format_timestamp(1614834367, YYYY/MM/DD HH:mm:ss)}}', '2021/03/04 05:06:07'],
      ['{{format_timestamp(1614877567, hh.mm YY)}}', '05.06 21'],
      ['{{format_timestamp({{ts}}, DD*MM*YYYY)}}', '02*01*1970'],
      ['{{format_timestamp({{timestamp}}, YYYY)}}', '2021'],
      ['{{timestamp_offset(-3600)}}', String(Math.floor(NOW / 1000) - 3600)],
      ['{{timestamp_offset(60)}}', String(Math.floor(NOW / 1000) + 60)],
      ['{{random_int(5,5)}}', '5'],
      ['{{random_int(10, 1)}}', '9'],
      ['{{random_int(-3,-1)}}', '-1'],
      ['{{random_string(5)}}', 'ffffff'.slice(0, 5)],
      ['{{random_string(0)}}', ''],
      ['{{encode_base64(hello)}}', 'aGVsbG8='],
      ['{{encode_base64({{user}}:{{password}})}}', Buffer.from('ada:p,w)d').toString('base64')],
      ['{{md5(hello)}}', md5('hello')],
      ['{{md5({{timestamp}})}}', md5(String(Math.floor(NOW / 1000)))],
      ['{{md5(a,b)}}', md5('a,b')],
      ['{{md5("q")}}', md5('"q"')],
      ['{{sha1(hello)}}', createHash('sha1').update('hello').digest('hex')],
      ['{{sha256(hello)}}', createHash('sha256').update('hello').digest('hex')],
      ['{{hmac_sha1(hello,key)}}', createHmac('sha1', 'key').update('hello').digest('hex')],
      ['{{hmac_sha256(hello, key)}}', createHmac('sha256', 'key').update('hello').digest('hex')],
      ['{{hmac_sha256({"a":1,"b":2},k)}}', createHmac('sha256', 'k').update('{"a":1,"b":2}').digest('hex')],
      ['{{url_encode(This is 100% URL encoded.)}}', 'This%20is%20100%25%20URL%20encoded.'],
      ['{{url_encode({{password}})}}', 'p%2Cw)d'],
      ['{{uuid}}', '80808080-8080-4080-8080-808080808080'],
    ];
    for (const [template, text] of table) {
      it(`${template} → ${text}`, () => {
        const r = renderTemplate(template, lookup, fixedContext([0.5]));
        expect(r.errors).to.deep.equal([]);
        expect(r.missing).to.deep.equal([]);
        if (template.startsWith('{{random_string(5)')) expect(r.text).to.match(/^[A-Za-z0-9]{5}$/);
        else expect(r.text).to.equal(text);
      });
    }

    it('draws random_int over the whole 0 … 2^64 − 1 range by default', () => {
      expect(renderTemplate('{{random_int}}', lookup, fixedContext([0])).text).to.equal('0');
      expect(renderTemplate('{{random_int}}', lookup, fixedContext([0.9999999999])).text).to.match(/^1844674407\d{10}$/);
      const many = Array.from({ length: 200 }, () => BigInt(renderTemplate('{{random_int}}', lookup).text));
      expect(many.every((n) => n >= 0n && n <= (1n << 64n) - 1n)).to.equal(true);
      expect(new Set(many).size).to.be.greaterThan(190);
    });

    it('keeps random_int(a,b) inclusive and within bounds', () => {
      const seen = new Set(Array.from({ length: 400 }, () => renderTemplate('{{random_int(1,3)}}', lookup).text));
      expect([...seen].sort()).to.deep.equal(['1', '2', '3']);
    });

    it('makes random strings alphanumeric, of the asked length, up to 1000', () => {
      expect(renderTemplate('{{random_string(1000)}}', lookup).text).to.match(/^[A-Za-z0-9]{1000}$/);
      const a = renderTemplate('{{random_string(16)}}', lookup).text;
      const b = renderTemplate('{{random_string(16)}}', lookup).text;
      expect(a).not.to.equal(b);
    });

    it('makes version 4 UUIDs, repeatable from a seeded random source', () => {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      for (let i = 0; i < 20; i += 1) expect(renderTemplate('{{uuid}}', lookup).text).to.match(uuid);
      const seeded = (): string => renderTemplate('{{uuid}}', lookup, fixedContext([0.1, 0.7, 0.3])).text;
      expect(seeded()).to.equal(seeded());
    });

    it('renders every call separately (two random values differ)', () => {
      const r = renderTemplate('{{random_string(20)}}-{{random_string(20)}}', lookup);
      const [x, y] = r.text.split('-');
      expect(x).not.to.equal(y);
    });

    const errors: [string, RegExp][] = [
      ['{{random_int(a,b)}}', /^\{\{random_int\}\}: a "a" is not an integer$/],
      ['{{random_int(1)}}', /needs two arguments: \{\{random_int\(a,b\)\}\}/],
      ['{{random_string}}', /^\{\{random_string\(value\)\}\} needs a value$/],
      ['{{random_string(1001)}}', /length must be 0…1000, not 1001/],
      ['{{random_string(x)}}', /length "x" is not an integer/],
      ['{{md5}}', /^\{\{md5\(value\)\}\} needs a value$/],
      ['{{hmac_sha1(nokey)}}', /needs two arguments: \{\{hmac_sha1\(value,key\)\}\}/],
      ['{{format_timestamp(abc, YYYY)}}', /value "abc" is not an integer/],
      ['{{timestamp_offset(1.5)}}', /offset "1\.5" is not an integer/],
    ];
    for (const [template, message] of errors) {
      it(`reports ${template} as an error and leaves it as written`, () => {
        const r = renderTemplate(`x${template}y`, lookup, fixedContext());
        expect(r.errors).to.have.length(1);
        expect(r.errors[0]).to.match(message);
        expect(r.text).to.equal(`x${template}y`);
        expect(r.missing).to.deep.equal([]);
      });
    }

    it('knows exactly the documented functions', () => {
      expect(Object.keys(TEMPLATE_FUNCTIONS).sort()).to.deep.equal([
        'encode_base64', 'format_timestamp', 'hmac_sha1', 'hmac_sha256', 'md5', 'random_int', 'random_string',
        'sha1', 'sha256', 'timestamp', 'timestamp_offset', 'url_encode', 'utc_datetime', 'uuid',
      ]);
    });

    it('formats timestamps token by token, copying everything else', () => {
      expect(formatTimestamp(0, 'YYYY-MM-DDTHH:mm:ss')).to.equal('1970-01-01T00:00:00');
      expect(formatTimestamp(43200, 'hh HH')).to.equal('12 12');
      expect(formatTimestamp(0, 'hh')).to.equal('12');
      expect(formatTimestamp(1614834367, 'Date: DD.MM.YY!')).to.equal('Date: 04.03.21!');
    });
  });
});

describe('missingVariables (what rendering would report missing, without rendering)', () => {
  it('property: the same names as renderTemplate(...).missing, for any mix of defined, undefined, function, nested and unclosed placeholders', () => {
    const piece = fc.constantFrom('{{id}}', '{{ id }}', '{{nope}}', '{{other}}', '{{timestamp}}', '{{random_int(1,5)}}', '{{random_int(x)}}', '{{uuid}}',
      '{{md5({{nope}})}}', '{{md5({{id}})}}', '{{{{ref}}}}', '{{{id}}}', '{{', '}}', '{{nope', 'text', ' ', '{', '}', '{{braces}}', '{{empty}}');
    const lookup = (name: string): string | undefined => (name === 'ref' ? 'id' : VARS[name]);
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), (template) => {
      // Fixed randomness: a nested placeholder's name may hold a random value, rendered each time.
      const fixed: TemplateFunctionContext = { random: () => 0.5, now: () => 0 };
      expect([...missingVariables(template, lookup, fixed)]).to.deep.equal([...renderTemplate(template, lookup, fixed).missing]);
    }), { numRuns: 2000 });
  });
});

