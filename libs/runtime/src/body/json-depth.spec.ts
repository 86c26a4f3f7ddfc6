import { isJsonTooDeep, jsonNestingDepth, JsonDepthScanner, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"a":1}${'}'.repeat(depth - 1)}`;

describe('counting how deeply a JSON body nests, without parsing it', () => {
  it.each([
    ['1', 0],
    ['"text"', 0],
    ['{}', 1],
    ['[]', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['[[],[],[[]]]', 3],
    [nested(32), 32],
  ])('%s nests %i deep', (json, depth) => {
    expect(jsonNestingDepth(json)).toBe(depth);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingDepth('{"a":"[[[{{{","b":"\\"[[[","c":"\\\\"}')).toBe(1);
    expect(jsonNestingDepth('["\\\\", ["x"]]')).toBe(2);
  });

  it('is not fooled by multi-byte UTF-8 characters', () => {
    expect(jsonNestingDepth('{"name":"Zoë “quoted” 🙂","list":[["ä"]]}')).toBe(3);
  });

  it('refuses a body one level deeper than the limit and accepts one at the limit', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
    expect(isJsonTooDeep(nested(32), MAX_JSON_DEPTH)).toBe(false);
    expect(isJsonTooDeep(nested(33), MAX_JSON_DEPTH)).toBe(true);
  });

  it('scans a body split into chunks anywhere (inside strings and escapes) as if it were whole', () => {
    const json = Buffer.from('{"a":"x\\"[[","b":[[{"c":"]]"}]]}');
    for (let cut = 0; cut <= json.length; cut++) {
      const scanner = new JsonDepthScanner();
      scanner.push(json.subarray(0, cut));
      scanner.push(json.subarray(cut));
      expect(scanner.deepestNesting).toBe(4);
    }
  });

  it('stops at the first level too many, and counts a 100,000-deep body without recursion', () => {
    const scanner = new JsonDepthScanner(3);
    expect(scanner.push(Buffer.from('[[[['))).toBe(false);
    expect(scanner.tooDeep).toBe(true);
    expect(scanner.push(Buffer.from(']]]]'))).toBe(false);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(jsonNestingDepth(deep)).toBe(100_000);
    expect(isJsonTooDeep(deep, 32)).toBe(true);
  });
});
