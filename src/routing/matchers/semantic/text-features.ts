import { extend, fnvStart, fnvStep, mix } from './feature-hash.js';
import { dropStopWords } from './stop-words.js';

/** Feature families are weighted and normalised separately, so neither drowns the other. */
export const WORD_FAMILY = 0;
export const CHAR_FAMILY = 1;
export const FAMILY_COUNT = 2;

export interface FeatureOptions {
  /** Longest token n-gram; CJK characters are tokens of their own, so 2 yields CJK bigrams. */
  wordNgrams: number;
  /** Character n-gram lengths, inclusive, over the whole normalised text. */
  charNgrams: readonly [number, number];
  /** Read every digit as 0, so numbers generalise ("12 apples" ~ "7 apples"). */
  foldDigits: boolean;
  /** Longer texts keep their first two thirds and last third of this many characters. */
  maxChars: number;
  /**
   * Leave out English and Chinese function words (see stop-words.ts). The response cache does, and
   * so does routing's content gate; routes are ranked with them: without them, on the routing set,
   * more out-of-scope prompts were turned away but fewer in-scope ones routed right (bench/routing/README.md).
   */
  dropStopWords: boolean;
}

/** Receives one occurrence of a feature: its family and its 32-bit hash. */
export type FeatureSink = (family: number, hash: number) => void;

export function normaliseText(text: string, options: FeatureOptions): string {
  return finishText(cleanText(text, options), options);
}

/**
 * The first half of `normaliseText`, which reads only `maxChars` and `foldDigits`: the text roughly
 * cut, NFKC-normalised, lower-cased, single-spaced and with digits folded.
 */
export function cleanText(text: string, options: Pick<FeatureOptions, 'maxChars' | 'foldDigits'>): string {
  // A generous raw cut first keeps normalisation cheap on a 16 KiB text; the exact cut follows.
  const s = headAndTail(text, options.maxChars * 4)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return options.foldDigits ? s.replace(/[0-9]/g, '0') : s;
}

/** The second half of `normaliseText`, on a text `cleanText` returned: function words, then the exact cut. */
export function finishText(clean: string, options: FeatureOptions): string {
  return headAndTail(options.dropStopWords ? dropStopWords(clean) : clean, options.maxChars);
}

/** The first two thirds and the last third of `limit` characters, or all of a shorter text. */
function headAndTail(s: string, limit: number): string {
  if (s.length <= limit) return s;
  const head = Math.ceil((limit * 2) / 3);
  return `${s.slice(0, head)} ${s.slice(s.length - (limit - head))}`;
}

/** Emits the token n-grams and character n-grams of an already normalised text. */
export function emitFeatures(normalised: string, options: FeatureOptions, sink: FeatureSink): void {
  emitTokenNgrams(normalised, options.wordNgrams, sink);
  emitCharNgrams(` ${normalised} `, options.charNgrams, sink);
}

function emitTokenNgrams(s: string, maxN: number, sink: FeatureSink): void {
  const tokens: number[] = [];
  let i = 0;
  while (i < s.length) {
    const code = s.charCodeAt(i);
    if (isCjk(code)) {
      tokens.push(mix(fnvStep(fnvStart(WORD_FAMILY), code)));
      i++;
    } else if (isWordChar(code)) {
      let hash = fnvStart(WORD_FAMILY);
      while (i < s.length && isWordChar(s.charCodeAt(i)) && !isCjk(s.charCodeAt(i))) {
        hash = fnvStep(hash, s.charCodeAt(i++));
      }
      tokens.push(mix(hash));
    } else {
      i++;
    }
  }
  for (let t = 0; t < tokens.length; t++) {
    let hash = tokens[t];
    sink(WORD_FAMILY, hash);
    for (let n = 2; n <= maxN && t + n - 1 < tokens.length; n++) {
      hash = extend(hash, tokens[t + n - 1]);
      sink(WORD_FAMILY, hash);
    }
  }
}

function emitCharNgrams(s: string, [minN, maxN]: readonly [number, number], sink: FeatureSink): void {
  for (let i = 0; i < s.length; i++) {
    let hash = fnvStart(CHAR_FAMILY);
    for (let n = 1; n <= maxN && i + n <= s.length; n++) {
      hash = fnvStep(hash, s.charCodeAt(i + n - 1));
      if (n >= minN) sink(CHAR_FAMILY, mix(hash ^ n));
    }
  }
}

/** Han, kana and Hangul: scripts written without spaces, read one character at a time. */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordChar(code: number): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f ||
      (code >= 0x41 && code <= 0x5a)
    );
  }
  return WORD_CHAR.test(String.fromCharCode(code));
}
