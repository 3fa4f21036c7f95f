import type { ConfigView } from '../../api/admin.types.ts';
import { Empty } from '../../common/states.tsx';

export function RulesTable({ rules }: { rules: ConfigView['rules'] }) {
  if (rules.length === 0) return <Empty>No routing rules: requests without a model go to the default route.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="Routing rules">
        <thead>
          <tr>
            <th>#</th>
            <th>Pattern</th>
            <th>Models</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            <tr key={`${i}-${rule.pattern}`}>
              <td>{i + 1}</td>
              <td>
                <code>{rule.pattern}</code>
              </td>
              <td>{rule.models.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type SemanticConfig = NonNullable<ConfigView['semantic']>;

const CALIBRATED = 'calibrated';

/**
 * The content gate and the background act only on the local encoder's calibrated routes; elsewhere
 * the setting is shown as unused.
 */
function localOnlyText(semantic: SemanticConfig, on: boolean): string {
  const setting = on ? 'on (default)' : 'off (default: on)';
  if (semantic.encoder !== 'local') return `${setting}, unused: only the local encoder has it`;
  const calibrates = semantic.routes.some((route) => (route.threshold ?? semantic.threshold) === undefined);
  return calibrates ? setting : `${setting}, unused: every route has a set threshold`;
}

/** The route classifier ranks the local encoder's routes whatever their thresholds; embedding models never use it. */
function classifierText(semantic: SemanticConfig): string {
  if (semantic.encoder !== 'local') {
    return semantic.classifier ? 'on, unused: only the local encoder has it' : 'off (default for embedding models)';
  }
  return semantic.classifier
    ? 'on (default): routes are ranked by a classifier trained on their utterances and the everyday requests'
    : 'off (default: on): routes are ranked by similarity';
}

function SemanticSettings({ semantic }: { semantic: SemanticConfig }) {
  return (
    <dl className="facts" data-testid="semantic-settings">
      <dt>Encoder</dt>
      <dd>
        <code>{semantic.encoder}</code>
      </dd>
      <dt>Threshold</dt>
      <dd>
        {semantic.threshold ??
          `${CALIBRATED} by each route from its utterances (default; fewer than 3 utterances: the encoder's fixed default)`}
      </dd>
      <dt>Content gate</dt>
      <dd data-testid="semantic-content-gate">{localOnlyText(semantic, semantic.content_gate)}</dd>
      <dt>Background (everyday requests)</dt>
      <dd data-testid="semantic-background">{localOnlyText(semantic, semantic.background)}</dd>
      <dt>Route classifier</dt>
      <dd data-testid="semantic-classifier">{classifierText(semantic)}</dd>
    </dl>
  );
}

export function SemanticTable({ semantic }: { semantic: ConfigView['semantic'] }) {
  if (!semantic) return <Empty>Semantic routing is off.</Empty>;
  return (
    <>
      <SemanticSettings semantic={semantic} />
      {semantic.routes.length === 0 ? (
        <Empty>No semantic routes.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Semantic routes">
            <thead>
              <tr>
                <th>Route</th>
                <th>Models</th>
                <th>Threshold</th>
                <th>Utterances</th>
              </tr>
            </thead>
            <tbody>
              {semantic.routes.map((route) => (
                <tr key={route.name}>
                  <td>{route.name}</td>
                  <td>{route.models.join(', ')}</td>
                  <td>{route.threshold ?? semantic.threshold ?? CALIBRATED}</td>
                  <td className="wrap">{route.utterances.join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
