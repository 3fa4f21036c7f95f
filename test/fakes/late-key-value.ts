import type { SharedKeyValue } from '#src/state/shared-state.types.js';

/**
 * A key-value store as a slow network shows it to one caller: each call is made on `kv` at once,
 * and the answer to the next one, once scripted, arrives only after something else happened
 * meanwhile (a lease ran out, another holder took it).
 */
export function answeringLate(kv: SharedKeyValue) {
  let meanwhile: (() => Promise<unknown>) | undefined;
  const late = async <T>(made: Promise<T>): Promise<T> => {
    const answer = await made;
    const happening = meanwhile;
    meanwhile = undefined;
    if (happening !== undefined) await happening();
    return answer;
  };
  const store: SharedKeyValue = {
    get: (key) => late(kv.get(key)),
    set: (key, value, ttlMs) => late(kv.set(key, value, ttlMs)),
    setShared: (key, value, ttlMs) => late(kv.setShared(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => late(kv.setIfAbsent(key, value, ttlMs)),
    delete: (key) => late(kv.delete(key)),
    deleteIfEquals: (key, value) => late(kv.deleteIfEquals(key, value)),
  };
  /** The answer to the next call arrives only after `happening` ran. */
  const nextAnswerAfter = (happening: () => Promise<unknown>) => void (meanwhile = happening);
  return { store, nextAnswerAfter };
}
