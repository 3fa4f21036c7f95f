import type { InstanceView } from '../../api/admin.types.ts';
import { formatDuration, formatNumber, formatTime } from '../../common/format.ts';

export function InstancesTable({ items, self }: { items: InstanceView[]; self: string }) {
  return (
    <div className="table-wrap">
      <table aria-label="Instances">
        <thead>
          <tr>
            <th>Instance</th>
            <th>Proxy address</th>
            <th>Version</th>
            <th>Uptime</th>
            <th>Last heartbeat</th>
            <th>In flight</th>
            <th>Requests, last minute</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} data-testid={`instance-${i.id}`}>
              <td>
                <code>{i.id}</code>
                {i.id === self ? <span className="muted small"> (this one)</span> : null}
              </td>
              <td>{i.proxy_url || '–'}</td>
              <td>{i.version}</td>
              <td>{formatDuration(i.uptime_s)}</td>
              <td>{formatTime(i.last_heartbeat)}</td>
              <td>{formatNumber(i.in_flight)}</td>
              <td>{formatNumber(i.requests_last_minute)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
