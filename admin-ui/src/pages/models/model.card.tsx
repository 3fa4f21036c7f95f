import type { ReactNode } from 'react';
import type { ModelView } from '../../api/admin.types.ts';
import { Badge, type Tone } from '../../common/badge.tsx';
import { formatNumber } from '../../common/format.ts';
import { DeploymentsTable } from './deployments.table.tsx';

/** Renders the weight box for a key; the page owns the edits and errors. */
export type WeightField = (key: string, weight: number) => ReactNode;

function statusTone(status: string): Tone {
  if (['available', 'up', 'ok', 'ready'].includes(status)) return 'good';
  return ['down', 'unavailable', 'open'].includes(status) ? 'bad' : 'muted';
}

export function ModelCard({ model, inDefault, field }: { model: ModelView; inDefault: boolean; field: WeightField }) {
  return (
    <article className="model-card" aria-label={model.name} data-testid={`model-${model.name}`}>
      <header className="model-head">
        <h2>{model.name}</h2>
        <Badge tone={statusTone(model.status)}>{model.status}</Badge>
        {inDefault ? <Badge tone="muted">default route</Badge> : null}
        <div className="model-weight">
          <span>Model weight</span>
          {field(model.name, model.weight)}
        </div>
      </header>
      <dl className="facts">
        <dt>Provider</dt>
        <dd>{model.provider}</dd>
        <dt>Capabilities</dt>
        <dd>{model.capabilities.length ? model.capabilities.join(', ') : '–'}</dd>
        <dt>Context</dt>
        <dd>{formatNumber(model.context_window)}</dd>
        <dt>Fallbacks</dt>
        <dd>{model.fallbacks?.length ? model.fallbacks.join(' → ') : '–'}</dd>
      </dl>
      <DeploymentsTable deployments={model.deployments} field={field} />
    </article>
  );
}
