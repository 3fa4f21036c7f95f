import { MAX_JSON_DEPTH, tooDeepField } from './json-depth.js';

/** `{ wrap: { wrap: … leaf } }`, `levels` objects deep. */
function nested(levels: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = { wrap: value };
  return value;
}

describe('tooDeepField', () => {
  it('accepts an ordinary request body', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [] };
    expect(tooDeepField(body)).toBeUndefined();
  });

  it('accepts exactly the limit and names the top-level field of a body one level deeper', () => {
    expect(tooDeepField({ tools: nested(MAX_JSON_DEPTH - 1) })).toBeUndefined();
    expect(tooDeepField({ model: 'm', tools: nested(MAX_JSON_DEPTH) })).toBe('tools');
  });

  it('walks thousands of levels without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(tooDeepField({ metadata: deep })).toBe('metadata');
    expect(tooDeepField(deep)).toBe('[0]');
  });

  it('counts arrays and objects alike, and scalars not at all', () => {
    expect(tooDeepField([[['x']]], 3)).toBeUndefined();
    expect(tooDeepField([[[['x']]]], 3)).toBe('[0]');
    expect(tooDeepField('just a string', 1)).toBeUndefined();
  });
});
