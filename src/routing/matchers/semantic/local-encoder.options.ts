import type { FeatureOptions } from './text-features.js';

export interface LocalEncoderOptions extends FeatureOptions {
  /** Weight of each feature family (word, char) after each is normalised on its own. */
  familyWeights: readonly [number, number];
  /** Count a feature seen c times as 1 + ln c, so repetition in a pasted text does not dominate. */
  sublinearTf: boolean;
  /** IDF raised to this power: above 1 favours features few utterances share. */
  idfPower: number;
}

/** Chosen by cross-validation on the development split of the routing set (see bench/routing). */
export const DEFAULT_LOCAL_ENCODER_OPTIONS: LocalEncoderOptions = {
  wordNgrams: 2,
  charNgrams: [3, 5],
  foldDigits: true,
  maxChars: 400,
  dropStopWords: false,
  familyWeights: [1, 1],
  sublinearTf: true,
  idfPower: 1,
};
