import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { formatTime } from '../../common/format.ts';
import { Panel } from '../../common/panel.tsx';
import { Empty, ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const REFRESH_MS = 3_000;

export function SystemLogPanel() {
  const [level, setLevel] = useState('info');
  const [live, setLive] = useState(true);
  const logs = useApi((signal) => adminApi.logs(level, 200, signal), {
    key: level,
    pollMs: live ? REFRESH_MS : undefined,
  });
  const items = logs.data?.items ?? [];

  const controls = (
    <>
      <label className="inline">
        Level
        <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label="Minimum level">
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
        Auto-refresh
      </label>
    </>
  );

  return (
    <Panel title="System log" actions={controls}>
      {logs.loading && !logs.data ? <Loading what="system log" /> : null}
      {logs.error ? <ErrorNote error={logs.error} /> : null}
      {logs.data && items.length === 0 ? <Empty>No log lines at this level.</Empty> : null}
      {items.length ? (
        <ol className="log-lines" aria-label="System log lines" data-testid="system-log">
          {items.map((line, i) => (
            <li key={`${line.time}-${i}`} className={`level-${line.level}`}>
              <time>{formatTime(line.time)}</time> <span className="level">{line.level}</span>{' '}
              {line.context ? <span className="muted">[{line.context}]</span> : null} {line.msg}
              {line.request_id ? <code className="small"> {line.request_id}</code> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </Panel>
  );
}
