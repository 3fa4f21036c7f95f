import { type FeatureOptions, cleanText } from './text-features.js';

type CleanOptions = Pick<FeatureOptions, 'maxChars' | 'foldDigits'>;

/**
 * `cleanText` remembering its last answer. The router's encoder and its content gate read the same
 * prompt one after the other with the same cut and digit folding, so the second gets the cleaned text
 * without normalising it again. One entry: a request's prompt is read by both, then never again.
 */
export class TextCleaner {
  private last: { text: string; maxChars: number; foldDigits: boolean; clean: string } | undefined;

  clean(text: string, options: CleanOptions): string {
    const last = this.last;
    if (last && last.text === text && last.maxChars === options.maxChars && last.foldDigits === options.foldDigits) {
      return last.clean;
    }
    const clean = cleanText(text, options);
    this.last = { text, maxChars: options.maxChars, foldDigits: options.foldDigits, clean };
    return clean;
  }
}
