import { adminApi } from '../../api/admin.api.ts';
import { Badge } from '../../common/badge.tsx';
import { Panel } from '../../common/panel.tsx';
import { Empty, ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';
import { InstancesTable } from './instances.table.tsx';

/** Heartbeats come every few seconds; the list follows them. */
const POLL_MS = 5_000;

export function InstancesPage() {
  const instances = useApi(adminApi.instances, { pollMs: POLL_MS });
  if (instances.loading && !instances.data) return <Loading what="instances" />;
  if (!instances.data) return <ErrorNote error={instances.error} prefix="Could not load the instances" />;
  const view = instances.data;
  const shared = view.shared_state === 'redis';

  return (
    <div className="page" data-testid="page-instances">
      <h1>Instances</h1>
      <p className="muted">
        {shared
          ? 'Instances sharing state through Redis: breakers, weight changes and traffic totals are cluster-wide.'
          : 'One instance: state is kept in this process (set REDIS_URL to run several instances together).'}{' '}
        {shared ? (
          <Badge tone={view.health === 'up' ? 'good' : 'warn'} testId="shared-state-health">
            {view.health === 'up' ? 'Redis up' : 'Redis unreachable: serving on local state'}
          </Badge>
        ) : null}
      </p>
      {instances.error ? <ErrorNote error={instances.error} prefix="Refresh failed" /> : null}
      <Panel title="Live instances">
        {view.items.length === 0 ? (
          <Empty>No instance has announced itself yet.</Empty>
        ) : (
          <InstancesTable items={view.items} self={view.self} />
        )}
      </Panel>
    </div>
  );
}
