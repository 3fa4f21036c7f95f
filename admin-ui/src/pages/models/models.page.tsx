import { useMemo } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { ErrorNote, Empty, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';
import { ModelCard, type WeightField } from './model.card.tsx';
import { useWeightEdits } from './use-weight-edits.hook.ts';
import { useWeightsSave } from './use-weights-save.hook.ts';
import { WeightInput } from './weight.input.tsx';
import { WeightsToolbar } from './weights.toolbar.tsx';
import { WeightHistoryPanel } from './weight-history.panel.tsx';

async function loadModels(signal: AbortSignal) {
  const [models, weights, history] = await Promise.all([
    adminApi.models(signal),
    adminApi.weights(signal),
    adminApi.weightHistory(undefined, signal),
  ]);
  return { models, weights, history: history.items };
}

/** The toolbar repeats the refusal, so it is seen even when the named field is scrolled away. */
function refusal(error: { message: string; key: string | null }): string {
  return `Not saved: ${error.message}${error.key ? ` (field: ${error.key})` : ''}`;
}

export function ModelsPage() {
  // Polled like the other pages, so a breaker that opens or closes shows without a reload.
  const state = useApi(loadModels, { pollMs: 5_000 });
  const current = useMemo(() => state.data?.weights.weights ?? {}, [state.data]);
  const edits = useWeightEdits(current);
  const saving = useWeightsSave(edits, state.reload);

  if (state.loading && !state.data) return <Loading what="models" />;
  if (!state.data) return <ErrorNote error={state.error} prefix="Could not load the models" />;
  const { models, weights, history } = state.data;

  const field: WeightField = (key, weight) => (
    <WeightInput
      weightKey={key}
      value={edits.valueOf(key, current[key] ?? weight)}
      changed={key in edits.changes}
      overridden={key in weights.overrides}
      error={saving.error?.key === key ? saving.error.message : null}
      onChange={(text) => edits.set(key, text)}
    />
  );

  return (
    <div className="page" data-testid="page-models">
      <h1>Models</h1>
      <p className="muted">
        Default route: {models.default.length ? models.default.join(', ') : '–'}. Weights apply from the next request.
      </p>
      <WeightsToolbar
        changeCount={Object.keys(edits.changes).length}
        busy={saving.busy}
        notice={saving.notice}
        error={saving.error ? refusal(saving.error) : null}
        onSave={() => void saving.save()}
        onDiscard={edits.clear}
        onReset={() => void saving.reset()}
      />
      {state.error ? <ErrorNote error={state.error} prefix="Refresh failed" /> : null}
      {models.data.length === 0 ? <Empty>No models are configured.</Empty> : null}
      {models.data.map((model) => (
        <ModelCard key={model.name} model={model} inDefault={models.default.includes(model.name)} field={field} />
      ))}
      <WeightHistoryPanel changes={history} />
    </div>
  );
}
