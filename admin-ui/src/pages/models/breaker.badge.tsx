import type { BreakerState } from '../../api/admin.types.ts';
import { Badge, type Tone } from '../../common/badge.tsx';

const TONE: Record<BreakerState, Tone> = { closed: 'good', half_open: 'warn', open: 'bad' };
const LABEL: Record<BreakerState, string> = { closed: 'closed', half_open: 'half-open', open: 'open' };

export function BreakerBadge({ state, deployment }: { state: BreakerState; deployment: string }) {
  return (
    <Badge tone={TONE[state] ?? 'muted'} testId={`breaker-${deployment}`}>
      {LABEL[state] ?? state}
    </Badge>
  );
}
