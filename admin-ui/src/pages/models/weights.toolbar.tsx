interface WeightsToolbarProps {
  changeCount: number;
  busy: boolean;
  notice: string | null;
  error: string | null;
  onSave: () => void;
  onDiscard: () => void;
  onReset: () => void;
}

export function WeightsToolbar({ changeCount, busy, notice, error, onSave, onDiscard, onReset }: WeightsToolbarProps) {
  return (
    <div className="toolbar" role="group" aria-label="Weights">
      <button type="button" onClick={onSave} disabled={busy || changeCount === 0}>
        Save{changeCount > 0 ? ` (${changeCount})` : ''}
      </button>
      <button type="button" className="secondary" onClick={onDiscard} disabled={busy || changeCount === 0}>
        Discard edits
      </button>
      <button type="button" className="secondary" onClick={onReset} disabled={busy}>
        Reset to file
      </button>
      {notice ? (
        <span className="notice" role="status" data-testid="weights-notice">
          {notice}
        </span>
      ) : null}
      {error ? (
        <span className="state-error" role="alert" data-testid="weights-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
