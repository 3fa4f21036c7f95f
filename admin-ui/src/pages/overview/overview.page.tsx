import { adminApi } from '../../api/admin.api.ts';
import type { StatusView } from '../../api/admin.types.ts';
import { formatMs, formatNumber } from '../../common/format.ts';
import { Panel } from '../../common/panel.tsx';
import { ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';
import { CachePanel } from './cache.panel.tsx';
import { ProvidersList } from './providers.list.tsx';
import { StatTiles } from './stat-tiles.tsx';
import { TimeSeriesChart } from './time-series.chart.tsx';
import { UsageByModelTable } from './usage-by-model.table.tsx';

/** The metrics buckets are 10 s wide; polling a bit faster keeps the newest bucket current. */
const POLL_MS = 3_000;

/** Kind, rows, and while the store refuses writes, how many rows wait and how many were lost. */
function LogStoreText({ store }: { store: StatusView['log_store'] }) {
  return (
    <>
      {store.kind}
      {store.shared ? ' (shared by every instance)' : ''}, {formatNumber(store.rows)} rows
      {store.state === 'degraded' ? (
        <span className="state-error">
          {' '}
          · unavailable, {formatNumber(store.pending)} of {formatNumber(store.buffer)} rows waiting
        </span>
      ) : null}
      {store.dropped > 0 ? `, ${formatNumber(store.dropped)} dropped` : ''}
    </>
  );
}

export function OverviewPage() {
  const status = useApi(adminApi.status, { pollMs: POLL_MS });
  const metrics = useApi((signal) => adminApi.metrics(15, signal), { pollMs: POLL_MS });

  if (status.loading && !status.data) return <Loading what="status" />;
  if (!status.data) return <ErrorNote error={status.error} prefix="Could not load the status" />;
  const points = metrics.data?.series ?? [];

  return (
    <div className="page" data-testid="page-overview">
      <h1>Overview</h1>
      {status.error ? <ErrorNote error={status.error} prefix="Refresh failed" /> : null}
      <StatTiles status={status.data} />
      <div className="grid-2">
        <Panel title="Requests and errors (last 15 min)">
          {metrics.error ? <ErrorNote error={metrics.error} /> : null}
          {metrics.loading && !metrics.data ? (
            <Loading what="metrics" />
          ) : (
            <TimeSeriesChart
              label="Requests and errors"
              points={points}
              format={formatNumber}
              lines={[
                { key: 'requests', label: 'Requests', color: '#1f6feb' },
                { key: 'errors', label: 'Errors', color: '#cf222e' },
              ]}
            />
          )}
        </Panel>
        <Panel title="Latency (last 15 min)">
          {metrics.loading && !metrics.data ? (
            <Loading what="metrics" />
          ) : (
            <TimeSeriesChart
              label="Latency"
              sparse
              points={points}
              format={formatMs}
              lines={[
                { key: 'p50_ms', label: 'p50', color: '#2da44e' },
                { key: 'p95_ms', label: 'p95', color: '#bf8700' },
              ]}
            />
          )}
        </Panel>
      </div>
      <div className="grid-2">
        <Panel title="Tokens and cost by model">
          <UsageByModelTable rows={status.data.by_model} />
        </Panel>
        <Panel title="Providers">
          <ProvidersList providers={status.data.providers} />
          <p className="muted small">
            Proxy: <code>{status.data.proxy_url}</code> · Instance: <code>{status.data.instance}</code> · Config:{' '}
            <code>{status.data.config_origin}</code> · Log store: <LogStoreText store={status.data.log_store} />
          </p>
        </Panel>
      </div>
      <Panel title="Response cache">
        <CachePanel />
      </Panel>
    </div>
  );
}
