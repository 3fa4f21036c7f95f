import { lazy, Suspense } from 'react';
import { LoginView } from './auth/login.view.tsx';
import { useSession } from './auth/use-session.hook.ts';
import { Loading } from './common/states.tsx';
import { Layout } from './layout/layout.tsx';
import type { PagePath } from './layout/routes.ts';
import { useLocationPage } from './layout/use-location.hook.ts';

// One chunk per page: the chart library is only fetched by the pages that draw charts.
const OverviewPage = lazy(() =>
  import('./pages/overview/overview.page.tsx').then((m) => ({ default: m.OverviewPage })),
);
const ModelsPage = lazy(() => import('./pages/models/models.page.tsx').then((m) => ({ default: m.ModelsPage })));
const PlaygroundPage = lazy(() =>
  import('./pages/playground/playground.page.tsx').then((m) => ({ default: m.PlaygroundPage })),
);
const LogsPage = lazy(() => import('./pages/logs/logs.page.tsx').then((m) => ({ default: m.LogsPage })));
const InstancesPage = lazy(() =>
  import('./pages/instances/instances.page.tsx').then((m) => ({ default: m.InstancesPage })),
);
const KeysPage = lazy(() => import('./pages/keys/keys.page.tsx').then((m) => ({ default: m.KeysPage })));
const ConfigPage = lazy(() => import('./pages/config/config.page.tsx').then((m) => ({ default: m.ConfigPage })));

function PageFor({ page }: { page: PagePath }) {
  switch (page) {
    case '/models':
      return <ModelsPage />;
    case '/playground':
      return <PlaygroundPage />;
    case '/keys':
      return <KeysPage />;
    case '/logs':
      return <LogsPage />;
    case '/instances':
      return <InstancesPage />;
    case '/config':
      return <ConfigPage />;
    default:
      return <OverviewPage />;
  }
}

export function App() {
  const { session, logIn, logOut } = useSession();
  const [page, navigate] = useLocationPage();

  if (session.state === 'checking') return <Loading what="session" />;
  if (session.state === 'out') return <LoginView initialError={session.error} onAccepted={logIn} />;
  return (
    <Layout page={page} onNavigate={navigate} onLogout={logOut}>
      <Suspense fallback={<Loading what="page" />}>
        <PageFor key={page} page={page} />
      </Suspense>
    </Layout>
  );
}
