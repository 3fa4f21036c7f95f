import type { AttemptRecord } from '../api/chat.types.ts';
import { Badge } from './badge.tsx';
import { formatMs } from './format.ts';
import { Empty } from './states.tsx';

export function AttemptsTable({ attempts }: { attempts: AttemptRecord[] }) {
  if (attempts.length === 0) return <Empty>No attempts recorded.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="Attempts">
        <thead>
          <tr>
            <th>#</th>
            <th>Model</th>
            <th>Provider</th>
            <th>Outcome</th>
            <th>Status</th>
            <th className="num">Time</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>{a.model}</td>
              <td>{a.provider}</td>
              <td>
                <Badge tone={a.outcome === 'ok' ? 'good' : 'bad'}>
                  {a.outcome}
                  {a.errorKind ? ` (${a.errorKind})` : ''}
                </Badge>
              </td>
              <td>{a.status ?? '–'}</td>
              <td className="num">{formatMs(a.ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
