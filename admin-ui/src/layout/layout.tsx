import type { ReactNode } from 'react';
import { adminApi } from '../api/admin.api.ts';
import { useApi } from '../common/use-api.hook.ts';
import { DemoBanner } from './demo-banner.tsx';
import { Nav } from './nav.tsx';
import type { PagePath } from './routes.ts';

interface LayoutProps {
  page: PagePath;
  onNavigate: (path: PagePath) => void;
  onLogout: () => void;
  children: ReactNode;
}

/** Demo mode can end while the page is open (a key is set and the gateway restarted), hence the slow poll. */
const STATUS_POLL_MS = 30_000;

export function Layout({ page, onNavigate, onLogout, children }: LayoutProps) {
  const status = useApi(adminApi.status, { pollMs: STATUS_POLL_MS });
  return (
    <div className="shell">
      <Nav current={page} onNavigate={onNavigate} onLogout={onLogout} />
      {status.data?.demo_mode ? <DemoBanner /> : null}
      <main className="content">{children}</main>
    </div>
  );
}
