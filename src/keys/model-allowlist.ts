import picomatch from 'picomatch';

export type ModelFilter = (model: string) => boolean;

const everyModel: ModelFilter = () => true;

/** Names and globs (`gpt-4o*`, `claude-*`); an empty list allows every model. Matching ignores case. */
export function modelAllowlist(patterns: readonly string[]): ModelFilter {
  if (patterns.length === 0) return everyModel;
  return picomatch([...patterns], { nocase: true, dot: true });
}
