import type { DeploymentView } from '../../api/admin.types.ts';
import { formatTime } from '../../common/format.ts';
import { BreakerBadge } from './breaker.badge.tsx';
import type { WeightField } from './model.card.tsx';

export function DeploymentsTable({ deployments, field }: { deployments: DeploymentView[]; field: WeightField }) {
  return (
    <div className="table-wrap">
      <table aria-label="Deployments">
        <thead>
          <tr>
            <th>Deployment</th>
            <th>Provider</th>
            <th>Upstream model</th>
            <th>Configured</th>
            <th>Breaker</th>
            <th>Last error</th>
            <th>Retry at</th>
            <th>Weight</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.key} data-testid={`deployment-${d.key}`}>
              <td>
                <code>{d.key}</code>
              </td>
              <td>{d.provider}</td>
              <td>{d.upstream_model}</td>
              <td>{d.configured ? 'yes' : 'no key'}</td>
              <td>
                <BreakerBadge state={d.breaker} deployment={d.key} />
              </td>
              <td className="wrap">{d.last_error ?? '–'}</td>
              <td>{formatTime(d.retry_at)}</td>
              <td>{field(d.key, d.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
