/** How far before and after a hint a match may reach (a PEM header, a long token). */
const BEFORE = 48;
const AFTER = 320;

/**
 * The stretches of `lower` around every occurrence of any hint, merged where they overlap, in
 * order: together they hold every match a pattern containing one of the hints can have (up to
 * the reach above).
 */
export function hintWindows(lower: string, hints: readonly string[]): Array<[number, number]> {
  const starts: number[] = [];
  for (const hint of hints) {
    for (let at = lower.indexOf(hint); at >= 0; at = lower.indexOf(hint, at + hint.length)) starts.push(at);
  }
  if (starts.length === 0) return [];
  starts.sort((a, b) => a - b);
  const windows: Array<[number, number]> = [];
  for (const at of starts) {
    const from = Math.max(0, at - BEFORE);
    const to = Math.min(lower.length, at + AFTER);
    const last = windows.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  return windows;
}
