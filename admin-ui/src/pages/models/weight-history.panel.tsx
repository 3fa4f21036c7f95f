import type { WeightChange } from '../../api/admin.types.ts';
import { formatTime } from '../../common/format.ts';
import { Panel } from '../../common/panel.tsx';
import { Empty } from '../../common/states.tsx';

/** The newest weight changes from the audit trail: when, who, which weight, old → new. */
export function WeightHistoryPanel({ changes }: { changes: WeightChange[] }) {
  return (
    <Panel title="Recent weight changes">
      {changes.length === 0 ? (
        <Empty>No weight has been changed at run time yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Recent weight changes" data-testid="weight-history">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Model / deployment</th>
                <th className="num">Old → new</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c, i) => (
                <tr key={`${c.at}-${c.key}-${i}`}>
                  <td>{formatTime(c.at)}</td>
                  <td className="small">{c.actor}</td>
                  <td>{c.key}</td>
                  <td className="num">
                    {c.from} → {c.to}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
