/**
 * How deep a body may nest. Real requests stay far below this (a tool schema of a dozen levels is
 * already unusual), and serialising thousands of levels on the way upstream overflows the stack.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * The top-level field under which `value` nests deeper than `max` levels (`''` when the body
 * itself is the culprit, e.g. an array of arrays), or undefined when it does not. Walked with an
 * explicit stack, never recursion, since the input is exactly what would overflow one.
 */
export function tooDeepField(value: unknown, max = MAX_JSON_DEPTH): string | undefined {
  // Only objects and arrays are stacked: the strings and numbers that make up most of a body
  // cannot nest, and stacking an entry for each cost more than the walk itself.
  const nodes: object[] = [];
  const depths: number[] = [];
  const fields: string[] = [];
  const push = (node: unknown, depth: number, field: string): void => {
    if (typeof node !== 'object' || node === null) return;
    nodes.push(node);
    depths.push(depth);
    fields.push(field);
  };
  push(value, 1, '');
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() as number;
    const field = fields.pop() as string;
    if (depth > max) return field;
    const top = depth === 1;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) push(node[i], depth + 1, top ? `[${i}]` : field);
    } else {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) push(record[key], depth + 1, top ? key : field);
    }
  }
  return undefined;
}
