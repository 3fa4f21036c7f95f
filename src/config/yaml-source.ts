import { type Document, LineCounter, parseDocument, visit } from 'yaml';

export interface ParsedYaml {
  value: unknown;
  /** Syntax errors, each as `<source>:<line>:<column>: <what>`. */
  problems: string[];
}

/** Parses YAML text; duplicate keys count as errors, since the later one would silently win. */
export function parseYaml(text: string, source: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter: lines });
  const problems = doc.errors.map((error) => {
    const where = error.linePos ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return `${source}${where}: YAML syntax error: ${what}`;
  });
  if (problems.length === 0) problems.push(...selfAliases(doc, lines, source));
  if (problems.length > 0) return { value: undefined, problems };
  try {
    return { value: doc.toJS(), problems };
  } catch (error) {
    // toJS refuses documents whose aliases would expand without bound.
    return { value: undefined, problems: [`${source}: YAML error: ${error instanceof Error ? error.message : error}`] };
  }
}

/**
 * Aliases used inside the node their anchor names (`a: &x { b: *x }`). They parse, but make a
 * value that contains itself, which no configuration can mean and which nothing could walk.
 */
function selfAliases(doc: Document, lines: LineCounter, source: string): string[] {
  const found: string[] = [];
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (!target || !path.includes(target)) return;
      const at = alias.range ? lines.linePos(alias.range[0]) : undefined;
      const where = at ? `:${at.line}:${at.col}` : '';
      found.push(
        `${source}${where}: YAML error: the alias *${alias.source} is used inside the node its anchor &${alias.source} ` +
          'names, so the value would contain itself (copy the values instead)',
      );
    },
  });
  return found;
}
