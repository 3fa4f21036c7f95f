import picomatch from 'picomatch';

export type ModelFilter = (model: string) => boolean;

const everyModel: ModelFilter = () => true;

/**
 * Answers remembered per filter: a request asks about the same few names several times (the model
 * asked for, the routed candidates, their deployments), and glob matching allocates on every call.
 * Names come from clients, so the memory is bounded; past the bound, names are matched afresh.
 */
const REMEMBERED_NAMES = 256;

/** Names and globs (`gpt-4o*`, `claude-*`); an empty list allows every model. Matching ignores case. */
export function modelAllowlist(patterns: readonly string[]): ModelFilter {
  if (patterns.length === 0) return everyModel;
  const matches = picomatch([...patterns], { nocase: true, dot: true });
  const answers = new Map<string, boolean>();
  return (model) => {
    let allowed = answers.get(model);
    if (allowed === undefined) {
      allowed = matches(model);
      if (answers.size < REMEMBERED_NAMES) answers.set(model, allowed);
    }
    return allowed;
  };
}

/** The entries of an allowlist that match none of `models` (by the same rules): names or globs no model answers to. */
export function entriesMatchingNone(patterns: readonly string[], models: readonly string[]): string[] {
  return patterns.filter((pattern) => {
    const matches = picomatch(pattern, { nocase: true, dot: true });
    return !models.some((model) => matches(model));
  });
}
