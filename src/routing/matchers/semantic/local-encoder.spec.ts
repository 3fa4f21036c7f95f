import { type Embedding, type SparseVector, forEachEntry } from './embedding.js';
import { LocalEncoder } from './local-encoder.js';

const corpus = [
  'write a python function that sorts a list',
  'fix the bug in this javascript loop',
  '写一个排序函数',
  '这段代码为什么报错',
  'translate this sentence into french',
  '请把这句话翻译成英文',
  'write a poem about the sea',
  '写一首关于月亮的诗',
];

function cosine(a: Embedding, b: Embedding): number {
  const values = new Map<number, number>();
  forEachEntry(a, (i, v) => values.set(i, v));
  let sum = 0;
  forEachEntry(b, (i, v) => (sum += v * (values.get(i) ?? 0)));
  return sum;
}

const norm = (v: SparseVector): number => Math.sqrt(v.values.reduce((s, x) => s + x * x, 0));

describe('LocalEncoder', () => {
  const encoder = LocalEncoder.fit(corpus);

  it('gives the same vector for the same text, across encoders fitted on the same corpus', () => {
    const [a] = encoder.encodeSync(['Sort this list in Python please']);
    const [b] = LocalEncoder.fit(corpus).encodeSync(['Sort this list in Python please']);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  it('returns unit vectors, for Chinese text too', () => {
    const [en, zh] = encoder.encodeSync(['why does my loop throw', '帮我写一个快速排序']);
    expect(norm(en)).toBeCloseTo(1, 5);
    expect(zh.indices.length).toBeGreaterThan(0);
    expect(norm(zh)).toBeCloseTo(1, 5);
  });

  it('returns an empty vector for a text with nothing to read', () => {
    expect(encoder.encodeSync([''])[0].indices).toHaveLength(0);
  });

  it('scores similar texts above unrelated ones, in English and in Chinese', () => {
    const [code, codeToo, poem] = encoder.encodeSync([
      'write a python function to sort a list of numbers',
      'python function that sorts numbers',
      'a poem about the autumn sea',
    ]);
    expect(cosine(code, codeToo)).toBeGreaterThan(cosine(code, poem));
    const [sortZh, sortZhToo, poemZh] = encoder.encodeSync([
      '写一个排序函数',
      '用python写排序函数',
      '写一首关于秋天的诗',
    ]);
    expect(cosine(sortZh, sortZhToo)).toBeGreaterThan(cosine(sortZhToo, poemZh));
  });

  it('reads full-width letters and case as the same text', () => {
    const [a, b] = encoder.encodeSync(['ＰＹＴＨＯＮ Sort', 'python sort']);
    expect(cosine(a, b)).toBeCloseTo(1, 5);
  });

  it('answers through the promise interface with the same vectors', async () => {
    const [viaPromise] = await encoder.encode(['fix the bug']);
    expect(Array.from(viaPromise.values)).toEqual(Array.from(encoder.encodeSync(['fix the bug'])[0].values));
  });

  it('encodes a text with more distinct features than any before it like any other text', () => {
    // Hundreds of distinct characters: more features than the encoder has room for at first.
    const long = Array.from({ length: 420 }, (_, i) => String.fromCharCode(0x4e00 + 7 * i)).join('');
    const fresh = LocalEncoder.fit(corpus);
    const [first] = fresh.encodeSync([long]);
    const [again] = fresh.encodeSync([long]);
    expect(norm(first)).toBeCloseTo(1, 5);
    expect(Array.from(first.indices)).toEqual(Array.from(again.indices));
    expect(Array.from(first.values)).toEqual(Array.from(again.values));
  });

  it('keeps features the corpus has apart from ones it has not', () => {
    const [mixed] = encoder.encodeSync(['sort the zyzzyva list 排序']);
    expect(new Set(mixed.indices).size).toBe(mixed.indices.length);
    const [known] = encoder.encodeSync(['sort the list']);
    const [unknown] = encoder.encodeSync(['zyzzyva qoph']);
    expect(cosine(known, unknown)).toBe(0);
  });

  it('can leave out function words, so texts sharing only those no longer look alike', () => {
    const pairs = [
      ['tell me about the weather in the city', 'write a poem about the sea'],
      ['这是我的书', '那是你的猫'],
    ];
    const content = LocalEncoder.fit(corpus, { dropStopWords: true });
    for (const [a, b] of pairs) {
      const [withWords, withWordsToo] = encoder.encodeSync([a, b]);
      expect(cosine(withWords, withWordsToo)).toBeGreaterThan(0);
      const [withoutWords, withoutWordsToo] = content.encodeSync([a, b]);
      expect(cosine(withoutWords, withoutWordsToo)).toBe(0);
    }
  });

  it('keeps the words that say what a text is about when leaving out function words', () => {
    const content = LocalEncoder.fit(corpus, { dropStopWords: true });
    const [question, paraphrase, other] = content.encodeSync([
      'How do I sort a list in Python?',
      'Sorting the list with Python: how?',
      'How do I translate the sentence into French?',
    ]);
    expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(question, other));
  });
});
