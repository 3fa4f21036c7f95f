import type { ModelUsage } from '../../api/admin.types.ts';
import { formatNumber, formatUsd } from '../../common/format.ts';
import { Empty } from '../../common/states.tsx';

export function UsageByModelTable({ rows }: { rows: ModelUsage[] }) {
  if (rows.length === 0) return <Empty>No requests yet.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="Usage by model">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Requests</th>
            <th className="num">Errors</th>
            <th className="num">Tokens in</th>
            <th className="num">Tokens out</th>
            <th className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.model}>
              <td>{row.model}</td>
              <td className="num">{formatNumber(row.requests)}</td>
              <td className="num">{formatNumber(row.errors)}</td>
              <td className="num">{formatNumber(row.tokens_in)}</td>
              <td className="num">{formatNumber(row.tokens_out)}</td>
              <td className="num">{formatUsd(row.cost_usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
