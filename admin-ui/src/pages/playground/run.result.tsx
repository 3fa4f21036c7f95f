import { AttemptsTable } from '../../common/attempts.table.tsx';
import { formatMs, formatNumber } from '../../common/format.ts';
import { Panel } from '../../common/panel.tsx';
import { routeText } from '../../common/route-text.ts';
import { SkippedList } from '../../common/route.summary.tsx';
import type { RunState } from './chat-run.types.ts';

export function RunResult({ run }: { run: RunState }) {
  if (run.phase === 'idle') return null;
  const live = run.phase === 'waiting' || run.phase === 'streaming';
  return (
    <Panel title="Answer">
      {live ? (
        <p className="streaming" role="status" data-testid="streaming-indicator">
          {run.phase === 'waiting' ? 'Waiting for the first byte…' : 'Streaming…'}
        </p>
      ) : null}
      {run.error ? (
        <p className="state state-error" role="alert" data-testid="playground-error">
          {run.error}
        </p>
      ) : null}
      <pre className="answer" data-testid="playground-answer" aria-live="polite">
        {run.text}
      </pre>
      <dl className="facts" data-testid="playground-meta">
        <dt>Model</dt>
        <dd data-testid="playground-model-used">
          {run.model ?? '–'}
          {run.provider ? ` (${run.provider})` : ''}
        </dd>
        <dt>Route</dt>
        <dd data-testid="playground-route">{routeText(run.route)}</dd>
        <dt>Latency</dt>
        <dd data-testid="playground-latency">
          {formatMs(run.latencyMs)} (first byte {formatMs(run.ttfbMs)})
        </dd>
        <dt>Tokens</dt>
        <dd data-testid="playground-tokens">
          {run.usage
            ? `${formatNumber(run.usage.input_tokens)} in / ${formatNumber(run.usage.output_tokens)} out`
            : '–'}
        </dd>
        <dt>Finish</dt>
        <dd>{run.finishReason ?? '–'}</dd>
      </dl>
      <SkippedList skipped={run.route?.skipped} />
      {run.attempts.length ? <AttemptsTable attempts={run.attempts} /> : null}
    </Panel>
  );
}
