import { constants, PerformanceObserver } from 'node:perf_hooks';
import { expect } from 'chai';
import fc from 'fast-check';
import { jsonDepth, MAX_JSON_DEPTH, parseBoundedJson, parseSharedJson } from '../../src/http/bounded-json.js';

describe('bounded JSON (hostile bodies)', () => {
  const nested = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

  it('measures nesting, skipping brackets inside strings and escaped quotes', () => {
    expect(jsonDepth('{}')).to.equal(1);
    expect(jsonDepth('{"a":[{"b":[]}]}')).to.equal(4);
    expect(jsonDepth('{"a":"[[[{{{"}')).to.equal(1);
    expect(jsonDepth('{"a":"\\"[[[","b":[1]}')).to.equal(2);
    expect(jsonDepth('"just a string"')).to.equal(0);
  });

  it('measures as a character-by-character scan does, on any text of brackets, quotes and backslashes', () => {
    // The scan jumps over strings with indexOf; this is the plain walk it replaced.
    const reference = (text: string, limit: number): number => {
      let depth = 0;
      let deepest = 0;
      let inString = false;
      for (let i = 0; i < text.length; i += 1) {
        const c = text[i];
        if (inString) {
          if (c === '\\') i += 1;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '[' || c === '{') {
          depth += 1;
          deepest = Math.max(deepest, depth);
          if (deepest > limit) return deepest;
        } else if (c === ']' || c === '}') depth -= 1;
      }
      return deepest;
    };
    const text = fc.array(fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ','), { maxLength: 60 }).map((cs) => cs.join(''));
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 8 }), (t, limit) => jsonDepth(t, limit) === reference(t, limit)), { numRuns: 3000 });
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

  it('counts brackets inside strings only for its quick check: a shallow text full of them still parses', () => {
    const text = JSON.stringify({ a: '['.repeat(500), b: [{ c: '{'.repeat(500) }] });
    const parsed = parseBoundedJson(text);
    expect(parsed.ok && (parsed.value as { a: string }).a.length).to.equal(500);
    expect(parseBoundedJson(`${'['.repeat(101)}${']'.repeat(101)}`).ok, '101 levels, found by the scan').to.equal(false);
  });

  it('shares the parse of a large text with the next reader of the same text, and only of a large one', () => {
    const large = JSON.stringify({ Resources: Array.from({ length: 60_000 }, (_, i) => i) });
    const again = `${large.slice(0, 10)}${large.slice(10)}`; // equal text, another string
    const a = parseSharedJson(large);
    const b = parseSharedJson(again);
    expect(a.ok && b.ok).to.equal(true);
    expect(a.ok && b.ok && a.value === b.value, 'same value object').to.equal(true);
    const other = parseSharedJson(large.replace('"Resources":[0,', '"Resources":[7,'));
    expect(other.ok && a.ok && other.value !== a.value).to.equal(true);
    expect(other.ok ? (other.value as { Resources: number[] }).Resources[0] : undefined).to.equal(7);
    const small = '{"a":[1]}';
    const s1 = parseSharedJson(small);
    const s2 = parseSharedJson(small);
    expect(s1.ok && s2.ok && s1.value !== s2.value, 'small texts get their own value').to.equal(true);
  });

  it('parses a text of more than 1 MiB after a forced full collection, with the same result', async () => {
    const text = JSON.stringify({ Resources: Array.from({ length: 300_000 }, (_, i) => ({ i })) });
    expect(text.length).to.be.above(1024 * 1024);
    const forced: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const detail = (e as unknown as { detail?: { kind: number; flags: number } }).detail;
        if (detail && detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR && (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0) forced.push(e.startTime);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      const parsed = parseBoundedJson(text);
      expect(parsed.ok ? (parsed.value as { Resources: unknown[] }).Resources.length : 0).to.equal(300_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(forced.length, 'forced major collections seen').to.be.at.least(1);
    } finally {
      observer.disconnect();
    }
  });
});
