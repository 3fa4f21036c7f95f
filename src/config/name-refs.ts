import { list, listItem, text, type ListRule, type Presence } from './schema-fields.js';

/** Names declared anywhere in the document, so references can be checked in one pass. */
export interface DeclaredNames {
  providers: readonly string[];
  models: readonly string[];
  /** The models with the capability `embeddings`: they turn text into vectors and cannot chat. */
  embeddingModels: readonly string[];
}

/** `chat model`: a model a chat request may be routed or fall back to, so not an embedding model. */
export type NameKind = 'provider' | 'model' | 'chat model';

export function unknownName(kind: NameKind, name: string, known: readonly string[]): string {
  const shown = known.length > 12 ? [...known.slice(0, 12), '...'] : known;
  const expected = known.length === 0 ? `no ${kind}s are declared` : `expected one of: ${shown.join(', ')}`;
  return `unknown ${kind} "${name}" (${expected})`;
}

/**
 * Checks a name against those declared. Without `names` (the published JSON Schema) any name
 * passes: which names exist is known only once a document is read.
 */
function declared(kind: NameKind, names: DeclaredNames | undefined) {
  return (name: string): string | undefined => {
    const known = kind === 'provider' ? names?.providers : names?.models;
    if (known && !known.includes(name)) return unknownName(kind === 'provider' ? 'provider' : 'model', name, known);
    if (kind === 'chat model' && names?.embeddingModels.includes(name))
      return `"${name}" is an embedding model (capability embeddings): chat requests cannot go to it`;
    return undefined;
  };
}

/** One name that must be declared. */
export function ref<P extends Presence>(kind: NameKind, names: DeclaredNames | undefined, p: P = {} as P) {
  return text({ ...p, trim: true, check: declared(kind, names) });
}

/** A list of declared names; each unknown entry is reported at its index. */
export function refList<P extends ListRule>(kind: NameKind, names: DeclaredNames | undefined, rule: P = {} as P) {
  const check = declared(kind, names);
  return list(
    listItem().superRefine((name, ctx) => {
      const problem = check(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: name });
    }),
    rule,
  );
}
