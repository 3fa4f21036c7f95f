/**
 * `compute` remembered per key, for work a process repeats on the same few keys on every request
 * (configured names, upstream URLs). Bounded all the same: past `max` keys it starts again, in case
 * some caller's keys are not few. `compute` must not return undefined, and a throw remembers nothing.
 */
export function boundedMemo<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      value = compute(key);
      if (memo.size >= max) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}
