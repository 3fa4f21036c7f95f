import { type Document, isNode, LineCounter, parseDocument, visit } from 'yaml';
import type { IssuePath } from './schema-issues.js';

export interface ParsedYaml {
  value: unknown;
  /** Syntax errors, each as `<source>:<line>:<column>: <what>`. */
  problems: string[];
  /** Where the node at a path starts in the text (its nearest written ancestor when it is missing). */
  offsetOf: (path: IssuePath) => number;
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
  const offsetOf = (path: IssuePath) => offsetIn(doc, path);
  if (problems.length > 0) return { value: undefined, problems, offsetOf };
  try {
    return { value: doc.toJS(), problems, offsetOf };
  } catch (error) {
    // toJS refuses documents whose aliases would expand without bound.
    const problem = `${source}: YAML error: ${error instanceof Error ? error.message : error}`;
    return { value: undefined, problems: [problem], offsetOf };
  }
}

function offsetIn(doc: Document, path: IssuePath): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
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
