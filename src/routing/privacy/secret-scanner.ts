import type { RE2JS } from 're2js';
import { re2 } from '#src/config/re2.js';
import { SECRET_DETECTORS, type SecretDetector } from './secret-detectors.js';
import { hintWindows } from './hint-windows.js';

interface CompiledDetector {
  name: string;
  regex: RE2JS;
  hints?: readonly string[];
}

/**
 * Finds the first secret in a set of texts: the built-in detectors, then the operator's own
 * patterns (named `pattern[i]`). RE2 runs in time linear in the text, whatever the pattern; a
 * built-in detector runs only around its literal hints. It says which detector matched, never
 * what: the match itself is not kept.
 */
export class SecretScanner {
  private constructor(private readonly detectors: readonly CompiledDetector[]) {}

  static create(operatorPatterns: readonly string[], builtIn: readonly SecretDetector[] = SECRET_DETECTORS) {
    const own: SecretDetector[] = operatorPatterns.map((pattern, i) => ({ name: `pattern[${i}]`, pattern }));
    const { RE2JS } = re2();
    return new SecretScanner(
      [...builtIn, ...own].map((d) => ({
        name: d.name,
        hints: d.hints,
        regex: RE2JS.compile(d.pattern, d.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0),
      })),
    );
  }

  /** The name of the first detector that matches any of the texts, or undefined. */
  find(texts: Iterable<string>): string | undefined {
    for (const text of texts) {
      if (text.length < 8) continue;
      const lower = text.toLowerCase();
      for (const detector of this.detectors) if (this.matches(detector, text, lower)) return detector.name;
    }
    return undefined;
  }

  private matches(detector: CompiledDetector, text: string, lower: string): boolean {
    if (!detector.hints) return detector.regex.matcher(text).find();
    for (const [from, to] of hintWindows(lower, detector.hints)) {
      if (detector.regex.matcher(text.slice(from, to)).find()) return true;
    }
    return false;
  }
}
