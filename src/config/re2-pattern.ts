import { re2 } from './re2.js';

/** Rules run on every request, so only linear-time (RE2) patterns are accepted. */
export function patternProblem(pattern: string): string | undefined {
  const { RE2JS } = re2();
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    return `not a valid RE2 pattern (${error instanceof Error ? error.message : String(error)})`;
  }
}
