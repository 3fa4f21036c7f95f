import { parseDocument } from 'yaml';

export interface ParsedYaml {
  value: unknown;
  /** Syntax errors, each as `<source>:<line>:<column>: <what>`. */
  problems: string[];
}

/** Parses YAML text; duplicate keys count as errors, since the later one would silently win. */
export function parseYaml(text: string, source: string): ParsedYaml {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const problems = doc.errors.map((error) => {
    const where = error.linePos ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return `${source}${where}: YAML syntax error: ${what}`;
  });
  if (problems.length > 0) return { value: undefined, problems };
  try {
    return { value: doc.toJS(), problems };
  } catch (error) {
    // toJS refuses documents whose aliases would expand without bound.
    return { value: undefined, problems: [`${source}: YAML error: ${error instanceof Error ? error.message : error}`] };
  }
}
