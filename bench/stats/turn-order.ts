/**
 * The order of turn `turn`: it starts with item `turn` mod n and alternates direction every n turns,
 * so over 2n turns each item takes every place equally often and none always goes first or last.
 */
export function turnOrder<T>(items: readonly T[], turn: number): T[] {
  const start = turn % items.length;
  const rotated = [...items.slice(start), ...items.slice(0, start)];
  return Math.floor(turn / items.length) % 2 === 0 ? rotated : rotated.reverse();
}
