import { dropStopWords } from './stop-words.js';

describe('dropStopWords', () => {
  it('leaves out English function words as whole words only', () => {
    expect(dropStopWords('what is the capital of france? it is paris')).toBe('what capital france? paris');
    expect(dropStopWords('theory and another island')).toBe('theory another island');
  });

  it('leaves out Chinese function characters and keeps the rest', () => {
    expect(dropStopWords('请把这句话翻译成英文吗')).toBe('句话翻译成英文');
  });

  it('returns an empty text when nothing else is left', () => {
    expect(dropStopWords('it is for you')).toBe('');
    expect(dropStopWords('我的是你的')).toBe('');
  });
});
