import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  data: T | null;
  error: unknown;
  /** True until the first answer (or failure) for the current `key` has arrived. */
  loading: boolean;
  reload: () => Promise<void>;
}

interface Loaded<T> {
  key: string | null;
  data: T | null;
  error: unknown;
}

/**
 * How long a load may stay unanswered before it counts as failed and its requests are aborted, so
 * one that never settles cannot stop the polling nor hold one of the browser's few connections to
 * the gateway. Twice the 15 s between the Keys page's refreshes, so a load slower than one of
 * those still lands rather than failing every time.
 */
export const LOAD_TIMEOUT_MS = 30_000;

/**
 * Loads on mount and whenever `key` changes, then every `pollMs` if given. A poll that fails
 * keeps the last good data on screen and reports the error beside it. A poll is skipped while a
 * load is still out (one unanswered after `LOAD_TIMEOUT_MS` has failed, and the signal handed to
 * `load` is aborted then, so requests made with it end too), and only the answer of
 * the newest load started lands: an older one (say, a poll started before a save and its reload)
 * never puts stale data back.
 */
export function useApi<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: { key?: string; pollMs?: number } = {},
): ApiState<T> {
  const key = options.key ?? '';
  const [loaded, setLoaded] = useState<Loaded<T>>({ key: null, data: null, error: null });
  const loadRef = useRef(load);
  const keyRef = useRef(key);
  const mounted = useRef(true);
  const started = useRef(0);
  const inFlight = useRef(0);
  /** The loads still out, called off when the page leaves or asks for another `key`. */
  const out = useRef(new Set<AbortController>());
  useLayoutEffect(() => {
    loadRef.current = load;
    keyRef.current = key;
  });

  const reload = useCallback(async () => {
    const forKey = keyRef.current;
    const mine = ++started.current;
    const current = () => mounted.current && forKey === keyRef.current && mine === started.current;
    const controller = new AbortController();
    out.current.add(controller);
    inFlight.current += 1;
    try {
      const data = await withinTimeout(loadRef.current(controller.signal), LOAD_TIMEOUT_MS, controller);
      if (current()) setLoaded({ key: forKey, data, error: null });
    } catch (error) {
      if (current()) setLoaded((prev) => ({ ...prev, key: forKey, error }));
    } finally {
      inFlight.current -= 1;
      out.current.delete(controller);
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    void reload();
    const poll = () => void (inFlight.current === 0 && reload());
    const timer = options.pollMs ? window.setInterval(poll, options.pollMs) : undefined;
    const loads = out.current;
    return () => {
      mounted.current = false;
      window.clearInterval(timer);
      // Their answers would land nowhere: each is ended rather than left holding a connection.
      for (const controller of loads) controller.abort(new Error('The page no longer needs this answer'));
    };
  }, [reload, key, options.pollMs]);

  return { data: loaded.data, error: loaded.error, loading: loaded.key !== key, reload };
}

/** `pending`, or a failure once `ms` pass without its answer; then `controller` is aborted too. */
function withinTimeout<T>(pending: Promise<T>, ms: number, controller: AbortController): Promise<T> {
  let timer: number | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = window.setTimeout(() => {
      const error = new Error(`The admin API did not answer within ${ms / 1000} s`);
      reject(error);
      controller.abort(error);
    }, ms);
  });
  return Promise.race([pending, late]).finally(() => window.clearTimeout(timer));
}
