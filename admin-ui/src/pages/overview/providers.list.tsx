import type { ProviderHealth } from '../../api/admin.types.ts';
import { Badge, type Tone } from '../../common/badge.tsx';
import { Empty } from '../../common/states.tsx';

const TONE: Record<ProviderHealth['status'], Tone> = { up: 'good', down: 'bad', unconfigured: 'muted' };

export function ProvidersList({ providers }: { providers: ProviderHealth[] }) {
  if (providers.length === 0) return <Empty>No providers configured.</Empty>;
  return (
    <ul className="providers" aria-label="Providers">
      {providers.map((p) => (
        <li key={p.name} data-testid={`provider-${p.name}`}>
          <span className="provider-name">{p.name}</span>
          <span className="muted">{p.type}</span>
          <Badge tone={TONE[p.status] ?? 'muted'}>{p.status}</Badge>
          {p.detail ? <span className="muted small">{p.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
}
