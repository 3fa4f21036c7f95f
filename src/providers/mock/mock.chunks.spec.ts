import { chunkWords, splitArguments } from './mock.chunks.js';

describe('chunkWords', () => {
  it('groups words and keeps every space, so the chunks join back to the text', () => {
    const text = ' Leading space, double  gaps\nand a newline ';
    for (const size of [1, 2, 3, 100]) expect(chunkWords(text, size).join('')).toBe(text);
    expect(chunkWords('a b c', 2)).toEqual(['a b ', 'c']);
  });

  it('returns nothing for empty text', () => {
    expect(chunkWords('', 1)).toEqual([]);
  });
});

describe('splitArguments', () => {
  it('cuts arguments into fragments that join back', () => {
    expect(splitArguments('{}')).toEqual(['{', '}']);
    expect(splitArguments('{"a":1}').join('')).toBe('{"a":1}');
  });
});
