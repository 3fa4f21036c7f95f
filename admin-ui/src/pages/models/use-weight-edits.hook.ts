import { useCallback, useMemo, useState } from 'react';

/** What the user typed, by weight key (`model` or `model/<i>`), against the weights on screen. */
export interface WeightEdits {
  valueOf: (key: string, current: number) => string;
  set: (key: string, text: string) => void;
  /** Only the entries whose typed value differs from the current weight: the API is all or nothing. */
  changes: Record<string, number>;
  clear: () => void;
}

export function useWeightEdits(current: Record<string, number>): WeightEdits {
  const [typed, setTyped] = useState<Record<string, string>>({});

  const changes = useMemo(() => {
    const out: Record<string, number> = {};
    for (const [key, text] of Object.entries(typed)) {
      // An empty or non-numeric box is sent as NaN (null in JSON) so the server names the field.
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (value !== current[key]) out[key] = value;
    }
    return out;
  }, [typed, current]);

  const valueOf = useCallback((key: string, weight: number) => typed[key] ?? String(weight), [typed]);
  const set = useCallback((key: string, text: string) => setTyped((prev) => ({ ...prev, [key]: text })), []);
  const clear = useCallback(() => setTyped({}), []);
  return { valueOf, set, changes, clear };
}
