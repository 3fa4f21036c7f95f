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
  const stack: Array<{ node: unknown; depth: number; field: string }> = [{ node: value, depth: 1, field: '' }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth, field } = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return field;
    const top = depth === 1;
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push({ node: child, depth: depth + 1, field: top ? `[${i}]` : field }));
    } else {
      for (const [key, child] of Object.entries(node)) {
        stack.push({ node: child, depth: depth + 1, field: top ? key : field });
      }
    }
  }
  return undefined;
}
