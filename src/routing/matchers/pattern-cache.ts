import type { RE2JS } from 're2js';
import { PatternSyntaxError, compileRe2 } from './re2-pattern.js';

type Outcome = { regex: RE2JS } | { why: string };

/**
 * A least-recently-used cache of compiled patterns, so clients that repeat the same request rules
 * pay for compilation once. Refusals are cached too: a bad pattern sent in a loop stays cheap.
 */
export class PatternCache {
  private readonly entries = new Map<string, Outcome>();

  constructor(
    private readonly capacity = 256,
    private readonly compile: (pattern: string) => RE2JS = compileRe2,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Returns the compiled pattern or throws `PatternSyntaxError`, from cache when possible. */
  get(pattern: string): RE2JS {
    const outcome = this.lookup(pattern) ?? this.store(pattern, this.tryCompile(pattern));
    if ('why' in outcome) throw new PatternSyntaxError(outcome.why);
    return outcome.regex;
  }

  private lookup(pattern: string): Outcome | undefined {
    const hit = this.entries.get(pattern);
    if (hit === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.entries.delete(pattern);
    this.entries.set(pattern, hit);
    return hit;
  }

  private store(pattern: string, outcome: Outcome): Outcome {
    this.entries.set(pattern, outcome);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return outcome;
  }

  private tryCompile(pattern: string): Outcome {
    try {
      return { regex: this.compile(pattern) };
    } catch (error) {
      return { why: error instanceof PatternSyntaxError ? error.why : 'unsupported or invalid RE2 pattern' };
    }
  }
}
