interface WeightInputProps {
  weightKey: string;
  value: string;
  changed: boolean;
  overridden: boolean;
  error: string | null;
  onChange: (text: string) => void;
}

export function WeightInput({ weightKey, value, changed, overridden, error, onChange }: WeightInputProps) {
  const errorId = `weight-error-${weightKey}`;
  return (
    <div className="weight-cell">
      <input
        type="number"
        min={0}
        step="any"
        className={changed ? 'weight changed' : 'weight'}
        aria-label={`Weight of ${weightKey}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid={`weight-${weightKey}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {overridden ? (
        <span className="muted small" title="Changed at run time; Reset to file restores the file's value">
          run-time
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="field-error" role="alert" data-testid={`weight-error-${weightKey}`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
