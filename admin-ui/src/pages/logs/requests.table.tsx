import type { RequestRow } from '../../api/requests.types.ts';
import { Badge } from '../../common/badge.tsx';
import { formatMs, formatNumber, formatTime, formatUsd } from '../../common/format.ts';

function ModelCell({ row }: { row: RequestRow }) {
  const asked = row.model_asked ?? 'auto';
  return (
    <>
      {asked}
      {row.model && row.model !== asked ? <> → {row.model}</> : null}
    </>
  );
}

export function RequestsTable({ rows, onOpen }: { rows: RequestRow[]; onOpen: (id: string | number) => void }) {
  return (
    <div className="table-wrap">
      <table aria-label="Request log" data-testid="requests-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Instance</th>
            <th>Dialect</th>
            <th>Model asked → used</th>
            <th>Provider</th>
            <th>Key</th>
            <th>Status</th>
            <th className="num">Latency</th>
            <th className="num">Tokens in/out</th>
            <th className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="request-row" data-request-id={row.id}>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onOpen(row.id)}
                  aria-label={`Details of ${row.id}`}
                >
                  {formatTime(row.time)}
                </button>
              </td>
              <td className="small">{row.instance || '–'}</td>
              <td>
                {row.dialect}
                {row.stream ? ' · stream' : ''}
              </td>
              <td>
                <ModelCell row={row} />
              </td>
              <td>{row.provider ?? '–'}</td>
              <td>{row.key_name ?? '–'}</td>
              <td>
                <Badge tone={row.status < 400 && !row.error_kind ? 'good' : 'bad'}>{row.status}</Badge>
                {row.error_kind ? <span className="muted small"> {row.error_kind}</span> : null}
              </td>
              <td className="num">{formatMs(row.latency_ms)}</td>
              <td className="num">
                {formatNumber(row.tokens_in)} / {formatNumber(row.tokens_out)}
              </td>
              <td className="num">{formatUsd(row.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
