import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import type { ChatRequest, ExplainView } from '../../api/chat.types.ts';
import { ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';
import { ExplainResult } from './explain.result.tsx';
import { PlaygroundForm } from './playground.form.tsx';
import { RunResult } from './run.result.tsx';
import { useChatRun } from './use-chat-run.hook.ts';

export function PlaygroundPage() {
  const models = useApi(adminApi.models);
  const { run, send, stop } = useChatRun();
  const [explain, setExplain] = useState<ExplainView | null>(null);
  const [explainError, setExplainError] = useState<unknown>(null);

  const onExplain = async (body: ChatRequest) => {
    setExplainError(null);
    try {
      setExplain(await adminApi.explain(body));
    } catch (err) {
      setExplain(null);
      setExplainError(err);
    }
  };

  return (
    <div className="page" data-testid="page-playground">
      <h1>Playground</h1>
      <p className="muted">
        Requests sent here go through the same routing as the proxy and are logged like any other.
      </p>
      {models.loading && !models.data ? <Loading what="models" /> : null}
      {models.error ? <ErrorNote error={models.error} prefix="Could not load the models" /> : null}
      <PlaygroundForm
        models={models.data?.data.map((m) => m.name) ?? []}
        busy={run.phase === 'waiting' || run.phase === 'streaming'}
        onSend={(body) => void send(body)}
        onExplain={(body) => void onExplain(body)}
        onStop={stop}
      />
      <RunResult run={run} />
      {explainError ? <ErrorNote error={explainError} prefix="Explain failed" /> : null}
      {explain ? <ExplainResult explain={explain} /> : null}
    </div>
  );
}
