import { indexPath } from './findings.js';
import type { MappingReader } from './mapping.reader.js';

/** Names declared anywhere in the document, so references can be checked in one pass. */
export interface DeclaredNames {
  providers: readonly string[];
  models: readonly string[];
}

export type NameKind = 'provider' | 'model';

export function unknownName(kind: NameKind, name: string, known: readonly string[]): string {
  const shown = known.length > 12 ? [...known.slice(0, 12), '...'] : known;
  const expected = known.length === 0 ? `no ${kind}s are declared` : `expected one of: ${shown.join(', ')}`;
  return `unknown ${kind} "${name}" (${expected})`;
}

/** One name that must be declared; reads undefined (after recording why) when it is not. */
export function readRef(r: MappingReader, key: string, kind: NameKind, known: readonly string[]): string | undefined {
  if (!r.require(key, `a ${kind} name`)) return undefined;
  const name = r.string(key)?.trim();
  if (name === undefined) return undefined;
  if (known.includes(name)) return name;
  r.problem(key, unknownName(kind, name, known));
  return undefined;
}

/** A list of declared names; unknown entries are reported at their index and dropped. */
export function readRefList(
  r: MappingReader,
  key: string,
  kind: NameKind,
  known: readonly string[],
): string[] | undefined {
  const names = r.stringList(key);
  if (!names) return undefined;
  return names.filter((name, i) => {
    if (known.includes(name)) return true;
    r.findings.problem(indexPath(r.at(key), i), unknownName(kind, name, known));
    return false;
  });
}
