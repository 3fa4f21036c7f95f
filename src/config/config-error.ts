/**
 * Every configuration problem found at start, reported together so one restart fixes them all.
 * Each entry already says where (variable, or file and path inside it) and what was expected.
 */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`Invalid configuration (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = [...problems];
  }
}
