import { adminApi } from '../../api/admin.api.ts';
import { Panel } from '../../common/panel.tsx';
import { ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';
import { RulesTable, SemanticTable } from './routing.tables.tsx';

export function ConfigPage() {
  const config = useApi(adminApi.config);
  if (config.loading && !config.data) return <Loading what="configuration" />;
  if (!config.data) return <ErrorNote error={config.error} prefix="Could not load the configuration" />;
  const c = config.data;

  return (
    <div className="page" data-testid="page-config">
      <h1>Config</h1>
      <dl className="facts">
        <dt>Origin</dt>
        <dd>
          <code>{c.origin}</code>
        </dd>
        <dt>Strategy</dt>
        <dd>{c.strategy}</dd>
        <dt>Default route</dt>
        <dd>{c.default.length ? c.default.join(', ') : '–'}</dd>
      </dl>
      <Panel title="Routing rules">
        <RulesTable rules={c.rules} />
      </Panel>
      <Panel title="Semantic routes">
        <SemanticTable semantic={c.semantic} />
      </Panel>
      <Panel title="Effective configuration (secrets masked)">
        <pre className="code" data-testid="config-yaml">
          {c.yaml}
        </pre>
      </Panel>
    </div>
  );
}
