import { adminApi } from '../../api/admin.api.ts';
import type { RequestDetail } from '../../api/requests.types.ts';
import { AttemptsTable } from '../../common/attempts.table.tsx';
import { formatMs, formatNumber, formatTime, formatUsd } from '../../common/format.ts';
import { Modal } from '../../common/modal.tsx';
import { routeText, semanticText } from '../../common/route-text.ts';
import { SkippedList } from '../../common/route.summary.tsx';
import { ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';

const NOT_LOGGED = 'Not logged (bodies are kept only when LOG_BODIES=true).';
/** A request routed for privacy carried a secret: its body is never kept, whatever LOG_BODIES says. */
const NOT_LOGGED_PRIVATE =
  'Not logged: the request carried a secret, so its body is never kept, even with LOG_BODIES=true.';

function Json({ label, value, absent = NOT_LOGGED }: { label: string; value: unknown; absent?: string }) {
  return (
    <>
      <h3>{label}</h3>
      {value === null || value === undefined ? (
        <p className="muted small">{absent}</p>
      ) : (
        <pre className="code">{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
      )}
    </>
  );
}

function DetailBody({ detail }: { detail: RequestDetail }) {
  const semantic = semanticText(detail.route);
  return (
    <>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{formatTime(detail.time)}</dd>
        <dt>Instance</dt>
        <dd>{detail.instance || '–'}</dd>
        <dt>Dialect</dt>
        <dd>
          {detail.dialect}
          {detail.stream ? ' (stream)' : ''}
        </dd>
        <dt>Model</dt>
        <dd>
          {detail.model_asked ?? 'auto'} → {detail.model ?? '–'} ({detail.provider ?? '–'})
        </dd>
        <dt>Route</dt>
        <dd>{routeText(detail.route)}</dd>
        {semantic && (
          <>
            <dt>Semantic routing</dt>
            <dd data-testid="detail-semantic">{semantic}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd>
          {detail.status}
          {detail.error ? ` · ${detail.error_kind ?? 'error'}: ${detail.error}` : ''}
        </dd>
        <dt>Latency</dt>
        <dd>
          {formatMs(detail.latency_ms)} (first byte {formatMs(detail.ttfb_ms)})
        </dd>
        <dt>Tokens</dt>
        <dd>
          {formatNumber(detail.tokens_in)} in / {formatNumber(detail.tokens_out)} out · {formatUsd(detail.cost_usd)}
        </dd>
      </dl>
      <SkippedList skipped={detail.route?.skipped} />
      <h3>Attempts</h3>
      <AttemptsTable attempts={detail.attempts_detail ?? []} />
      <Json label="Request headers (redacted)" value={detail.request_headers} />
      <Json
        label="Request body"
        value={detail.request_body}
        absent={detail.route_reason === 'privacy' ? NOT_LOGGED_PRIVATE : NOT_LOGGED}
      />
      <Json label="Response body" value={detail.response_body} />
    </>
  );
}

export function RequestDetailDialog({ id, onClose }: { id: string | number; onClose: () => void }) {
  const detail = useApi((signal) => adminApi.request(id, signal), { key: String(id) });
  return (
    <Modal title={`Request ${id}`} onClose={onClose} testId="request-detail">
      {detail.loading && !detail.data ? <Loading what="the request" /> : null}
      {detail.error ? <ErrorNote error={detail.error} /> : null}
      {detail.data ? <DetailBody detail={detail.data} /> : null}
    </Modal>
  );
}
