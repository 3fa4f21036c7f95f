/**
 * What reading one configuration document found: problems (start-up stops) and warnings
 * (start-up goes on). Every entry starts with the document's name and the path inside it.
 */
export class Findings {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(readonly source: string) {}

  /** `path` is empty for the document as a whole. */
  problem(path: string, message: string): void {
    this.problems.push(this.locate(path, message));
  }

  warn(path: string, message: string): void {
    this.warnings.push(this.locate(path, message));
  }

  private locate(path: string, message: string): string {
    return path ? `${this.source}: ${path}: ${message}` : `${this.source}: ${message}`;
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a wrong value for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** The allowed word closest to a typo, when it is close enough to be a likely mistake. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of allowed) {
    const [w, c] = [word.toLowerCase(), candidate.toLowerCase()];
    // A dropped unit suffix (`cooldown` for `cooldown_ms`) is as likely as a typo.
    const d = w.length >= 4 && c.startsWith(w) ? 1 : editDistance(w, c);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
