import { useState, type FormEvent } from 'react';
import type { RequestFilters } from '../../api/requests.types.ts';
import { adminApi } from '../../api/admin.api.ts';
import { useApi } from '../../common/use-api.hook.ts';
import { NO_FILTERS } from './use-request-log.hook.ts';

export function RequestFiltersForm({
  initial,
  onApply,
}: {
  initial: RequestFilters;
  onApply: (f: RequestFilters) => void;
}) {
  const [draft, setDraft] = useState<RequestFilters>(initial);
  const keys = useApi(adminApi.keyList);
  const field = (key: keyof RequestFilters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form className="filters" role="search" aria-label="Request filters" onSubmit={submit}>
      <label>
        Search
        <input type="search" placeholder="text in model, error, id…" {...field('q')} />
      </label>
      <label>
        Model
        <input type="text" placeholder="any" {...field('model')} />
      </label>
      <label>
        Status
        <input type="text" list="status-options" placeholder="ok, error or 429" {...field('status')} />
        <datalist id="status-options">
          <option value="ok" />
          <option value="error" />
        </datalist>
      </label>
      <label>
        Client key
        <select data-testid="filter-key" {...field('key')}>
          <option value="">any</option>
          {(keys.data?.keys ?? []).map((k) => (
            <option key={k.id} value={k.id}>
              {k.name} ({k.prefix}…)
            </option>
          ))}
        </select>
      </label>
      <label>
        Since
        <input type="datetime-local" {...field('since')} />
      </label>
      <div className="toolbar">
        <button type="submit">Apply</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
