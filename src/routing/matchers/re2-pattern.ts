import type { RE2JS } from 're2js';
import { re2 } from '#src/config/re2.js';

/** A pattern RE2 cannot compile, with a reason that is safe to show the client who sent it. */
export class PatternSyntaxError extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'PatternSyntaxError';
  }
}

/**
 * Compiles a routing pattern with RE2 (linear-time, case-insensitive). User patterns never reach
 * the backtracking `RegExp` engine: RE2 refuses what it cannot run in linear time (backreferences,
 * lookaround) instead of falling back.
 */
export function compileRe2(pattern: string): RE2JS {
  const { RE2JS, RE2JSSyntaxException } = re2();
  try {
    return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      const at = error.getPattern();
      const where = at ? `: \`${at}\`` : '';
      throw new PatternSyntaxError(`unsupported or invalid RE2 pattern (${error.getDescription()}${where})`);
    }
    throw new PatternSyntaxError('unsupported or invalid RE2 pattern');
  }
}
