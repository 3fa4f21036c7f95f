import type { ReactNode } from 'react';
/** A coloured word; the tone maps to a CSS class so colour is never the only signal. */
export type Tone = 'good' | 'bad' | 'warn' | 'muted';

export function Badge({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}
