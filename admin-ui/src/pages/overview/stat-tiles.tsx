import type { StatusView } from '../../api/admin.types.ts';
import { formatDuration, formatMs, formatNumber, formatPercent, formatUsd } from '../../common/format.ts';

function Tile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** "Degraded" as soon as one configured provider is down or a breaker is open. */
function overallStatus(status: StatusView): string {
  const down = status.providers.some((p) => p.status === 'down');
  return down || status.breakers_open > 0 ? 'Degraded' : 'Up';
}

export function StatTiles({ status }: { status: StatusView }) {
  const t = status.totals;
  return (
    <dl className="tiles">
      <Tile testId="stat-status" label="Status" value={overallStatus(status)} />
      <Tile testId="stat-uptime" label="Uptime" value={formatDuration(status.uptime_s)} />
      <Tile testId="stat-version" label="Version" value={status.version} />
      <Tile testId="stat-rpm" label="Requests/min" value={formatNumber(t.rpm)} />
      <Tile testId="stat-requests" label="Requests" value={formatNumber(t.requests)} />
      <Tile testId="stat-error-rate" label="Error rate" value={formatPercent(t.error_rate)} />
      <Tile testId="stat-p50" label="Latency p50" value={formatMs(t.p50_ms)} />
      <Tile testId="stat-p95" label="Latency p95" value={formatMs(t.p95_ms)} />
      <Tile
        testId="stat-tokens"
        label="Tokens in / out"
        value={`${formatNumber(t.tokens_in)} / ${formatNumber(t.tokens_out)}`}
      />
      <Tile testId="stat-cost" label="Cost" value={formatUsd(t.cost_usd)} />
      <Tile testId="stat-breakers" label="Open breakers" value={formatNumber(status.breakers_open)} />
    </dl>
  );
}
