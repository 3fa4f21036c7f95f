import { FeatureVocabulary } from './feature-vocabulary.js';
import { KeyCounter } from './key-counter.js';

function documentFrequencies(entries: ReadonlyArray<readonly [number, number]>): KeyCounter {
  const counter = new KeyCounter();
  for (const [bucket, documents] of entries) for (let d = 0; d < documents; d++) counter.add(bucket);
  return counter;
}

describe('FeatureVocabulary', () => {
  // Four texts: bucket 100 is in all of them as a word, bucket 7 in one as a word and in two as characters.
  const vocabulary = FeatureVocabulary.fit(
    [
      documentFrequencies([
        [100, 4],
        [7, 1],
      ]),
      documentFrequencies([
        [7, 2],
        [55, 1],
      ]),
    ],
    4,
    1,
  );
  const idf = (documents: number) => Math.log(5 / (1 + documents)) + 1;

  it('numbers every bucket once, whatever family has it', () => {
    expect(vocabulary.size).toBe(3);
    expect([vocabulary.idOf(100), vocabulary.idOf(7), vocabulary.idOf(55)]).toEqual([0, 1, 2]);
    expect(vocabulary.idOf(8)).toBe(-1);
  });

  it('gives each family its own IDF, rarer features weighing more', () => {
    expect(vocabulary.idf(vocabulary.idOf(7), 0)).toBeCloseTo(idf(1));
    expect(vocabulary.idf(vocabulary.idOf(7), 1)).toBeCloseTo(idf(2));
    expect(vocabulary.idf(vocabulary.idOf(100), 0)).toBeLessThan(vocabulary.idf(vocabulary.idOf(7), 0));
  });

  it('gives a feature its family never had the largest weight', () => {
    expect(vocabulary.idf(vocabulary.idOf(55), 0)).toBe(vocabulary.unseenWeight);
    expect(vocabulary.idf(-1, 1)).toBe(vocabulary.unseenWeight);
    expect(vocabulary.unseenWeight).toBeCloseTo(idf(0));
  });
});
