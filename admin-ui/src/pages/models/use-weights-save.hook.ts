import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { ApiError, messageOf } from '../../api/api-error.ts';
import type { WeightEdits } from './use-weight-edits.hook.ts';

export interface SaveState {
  busy: boolean;
  notice: string | null;
  /** The refusal, and the weight key it names (from `param: weights.<key>`), if any. */
  error: { message: string; key: string | null } | null;
  save: () => Promise<void>;
  reset: () => Promise<void>;
}

function keyOf(param: string | null): string | null {
  return param?.startsWith('weights.') ? param.slice('weights.'.length) : null;
}

/** Save and reset, each followed by a reload so the page shows what the gateway now applies. */
export function useWeightsSave(edits: WeightEdits, reload: () => Promise<void>): SaveState {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<SaveState['error']>(null);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setNotice(null);
    setError(null);
    try {
      await action();
      edits.clear();
      await reload();
      setNotice(done);
    } catch (err) {
      setError({ message: messageOf(err), key: err instanceof ApiError ? keyOf(err.param) : null });
    } finally {
      setBusy(false);
    }
  };

  const count = Object.keys(edits.changes).length;
  return {
    busy,
    notice,
    error,
    save: () => run(() => adminApi.setWeights(edits.changes), `Saved ${count} change${count === 1 ? '' : 's'}.`),
    reset: () => run(adminApi.resetWeights, "Weights reset to the file's values."),
  };
}
