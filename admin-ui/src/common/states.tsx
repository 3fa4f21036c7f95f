import type { ReactNode } from 'react';
import { messageOf } from '../api/api-error.ts';

/** The three states every panel can be in besides "has data", with one look across pages. */

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error, prefix }: { error: unknown; prefix?: string }) {
  return (
    <p className="state state-error" role="alert">
      {prefix ? `${prefix}: ` : ''}
      {messageOf(error)}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}
