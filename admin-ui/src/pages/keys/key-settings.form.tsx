import { useState, type FormEvent } from 'react';
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

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

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
    expires: key?.expiresAt ? key.expiresAt.slice(0, 16) : '',
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

interface KeySettingsFormProps {
  /** The key being edited; a new key when absent. */
  editing?: ClientKeyView;
  busy: boolean;
  submitLabel: string;
  onSubmit: (body: KeySettingsBody) => void;
}

/** A key's name, allowlist, limits, budget and expiry, for creating and for editing. */
export function KeySettingsForm({ editing, busy, submitLabel, onSubmit }: KeySettingsFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(editing));
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(bodyOf(draft));
  };
  const prefix = editing ? `edit-${editing.id}` : 'new';

  return (
    <form className="filters" aria-label={editing ? `Edit ${editing.name}` : 'New key'} onSubmit={submit}>
      <label>
        Name
        <input type="text" required data-testid={`${prefix}-name`} {...field('name')} />
      </label>
      <label>
        Team or owner
        <input type="text" placeholder="optional" {...field('team')} />
      </label>
      <label>
        Allowed models
        <input
          type="text"
          placeholder="all; or gpt-4o*, claude-*"
          data-testid={`${prefix}-models`}
          {...field('models')}
        />
      </label>
      <label>
        Requests / min
        <input type="number" min="1" placeholder="no limit" data-testid={`${prefix}-rpm`} {...field('rpm')} />
      </label>
      <label>
        Tokens / min
        <input type="number" min="1" placeholder="no limit" {...field('tpm')} />
      </label>
      <label>
        At once
        <input type="number" min="1" placeholder="no limit" {...field('concurrent')} />
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
        <input type="datetime-local" {...field('expires')} />
      </label>
      <div className="toolbar">
        <button type="submit" disabled={busy} data-testid={`${prefix}-submit`}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
