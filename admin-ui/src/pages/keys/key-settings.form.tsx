import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, messageOf } from '../../api/api-error.ts';
import type { BudgetPeriod, ClientKeyView, KeySettingsBody } from '../../api/keys.types.ts';

/** The form's text fields; numbers stay text until sent, so a half-typed value is not lost. */
interface Draft {
  name: string;
  team: string;
  models: string;
  rpm: string;
  tpm: string;
  concurrent: string;
  budget: string;
  period: BudgetPeriod;
  expires: string;
}

/** The API's own limits on text fields, so the browser stops what the API would refuse. */
const NAME_MAX = 100;
const TEAM_MAX = 100;

const text = (n: number | undefined) => (n === undefined ? '' : String(n));
const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local value: the browser's local time, with seconds only when there are any. */
function localInputOf(iso: string): string {
  const at = new Date(iso);
  const minutes = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return at.getSeconds() === 0 ? minutes : `${minutes}:${pad(at.getSeconds())}`;
}

function draftOf(key?: ClientKeyView): Draft {
  return {
    name: key?.name ?? '',
    team: key?.team ?? '',
    models: key?.allowedModels.join(', ') ?? '',
    rpm: text(key?.limits.rpm),
    tpm: text(key?.limits.tpm),
    concurrent: text(key?.limits.maxConcurrent),
    budget: text(key?.budget?.usd),
    period: key?.budget?.period ?? 'month',
    expires: key?.expiresAt ? localInputOf(key.expiresAt) : '',
  };
}

const count = (value: string) => (value.trim() === '' ? null : Number(value));

function bodyOf(d: Draft): KeySettingsBody {
  return {
    name: d.name.trim(),
    team: d.team.trim() || null,
    allowed_models: d.models
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== ''),
    rpm: count(d.rpm),
    tpm: count(d.tpm),
    max_concurrent: count(d.concurrent),
    budget: d.budget.trim() === '' ? null : { usd: Number(d.budget), period: d.period },
    // datetime-local is the browser's local time; the API wants an absolute instant.
    expires_at: d.expires ? new Date(d.expires).toISOString() : null,
  };
}

/** Which body field each form field writes; the budget's amount and period travel together. */
const BODY_FIELD: Record<keyof Draft, keyof KeySettingsBody> = {
  name: 'name',
  team: 'team',
  models: 'allowed_models',
  rpm: 'rpm',
  tpm: 'tpm',
  concurrent: 'max_concurrent',
  budget: 'budget',
  period: 'budget',
  expires: 'expires_at',
};

/**
 * Only what the operator changed since the form opened: the API keeps what is left out, so a
 * change made elsewhere meanwhile survives, and an expiry shown rounded is not written back.
 */
function changesOf(before: Draft, after: Draft): Partial<KeySettingsBody> {
  const full = bodyOf(after);
  const changes: Partial<KeySettingsBody> = {};
  for (const field of Object.keys(BODY_FIELD) as (keyof Draft)[]) {
    if (before[field] === after[field]) continue;
    const name = BODY_FIELD[field];
    Object.assign(changes, { [name]: full[name] });
  }
  return changes;
}

/** The form field an API refusal names (`param` such as `allowed_models.0` or `budget.usd`). */
function fieldOf(error: unknown): keyof Draft | null {
  if (!(error instanceof ApiError) || error.param === null) return null;
  const root = error.param.split('.')[0];
  const field = (Object.keys(BODY_FIELD) as (keyof Draft)[]).find((f) => BODY_FIELD[f] === root);
  return field ?? null;
}

interface KeySettingsFormProps {
  /** The key being edited; a new key when absent. */
  editing?: ClientKeyView;
  busy: boolean;
  submitLabel: string;
  /** The last refusal of this form's submit, shown by the field it names. */
  error?: unknown;
  /** A new key gets every field; an edit only those changed. */
  onSubmit: (body: Partial<KeySettingsBody>) => void;
}

/** A key's name, allowlist, limits, budget and expiry, for creating and for editing. */
export function KeySettingsForm({ editing, busy, submitLabel, error, onSubmit }: KeySettingsFormProps) {
  const [opened] = useState<Draft>(() => draftOf(editing));
  const [draft, setDraft] = useState<Draft>(opened);
  const prefix = editing ? `edit-${editing.id}` : 'new';
  const refused = error ? fieldOf(error) : null;
  const errorId = `${prefix}-error`;
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
    'aria-invalid': refused === key ? true : undefined,
    'aria-describedby': refused === key ? errorId : undefined,
  });
  const fieldError = (key: keyof Draft): ReactNode =>
    refused === key ? (
      <span className="field-error" id={errorId} role="alert">
        {messageOf(error)}
      </span>
    ) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(editing ? changesOf(opened, draft) : bodyOf(draft));
  };

  return (
    <form className="filters" aria-label={editing ? `Edit ${editing.name}` : 'New key'} onSubmit={submit}>
      {error && refused === null ? (
        <p className="state state-error" role="alert">
          Not saved: {messageOf(error)}
        </p>
      ) : null}
      <label>
        Name
        <input type="text" required maxLength={NAME_MAX} data-testid={`${prefix}-name`} {...field('name')} />
        {fieldError('name')}
      </label>
      <label>
        Team or owner
        <input type="text" placeholder="optional" maxLength={TEAM_MAX} {...field('team')} />
        {fieldError('team')}
      </label>
      <label>
        Allowed models
        <input
          type="text"
          placeholder="all; or gpt-4o*, claude-*"
          data-testid={`${prefix}-models`}
          {...field('models')}
        />
        {fieldError('models')}
      </label>
      <label>
        Requests / min
        <input type="number" min="1" placeholder="no limit" data-testid={`${prefix}-rpm`} {...field('rpm')} />
        {fieldError('rpm')}
      </label>
      <label>
        Tokens / min
        <input type="number" min="1" placeholder="no limit" {...field('tpm')} />
        {fieldError('tpm')}
      </label>
      <label>
        At once
        <input type="number" min="1" placeholder="no limit" {...field('concurrent')} />
        {fieldError('concurrent')}
      </label>
      <label>
        Budget (USD)
        <input
          type="number"
          min="0"
          step="0.01"
          placeholder="none"
          data-testid={`${prefix}-budget`}
          {...field('budget')}
        />
        {fieldError('budget')}
      </label>
      <label>
        Per
        <select {...field('period')}>
          <option value="day">day</option>
          <option value="month">month</option>
          <option value="total">total</option>
        </select>
      </label>
      <label>
        Expires
        <input type="datetime-local" step="1" data-testid={`${prefix}-expires`} {...field('expires')} />
        {fieldError('expires')}
      </label>
      <div className="toolbar">
        <button type="submit" disabled={busy} data-testid={`${prefix}-submit`}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
