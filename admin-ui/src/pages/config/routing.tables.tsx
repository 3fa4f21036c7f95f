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

export function SemanticTable({ semantic }: { semantic: ConfigView['semantic'] }) {
  if (!semantic) return <Empty>Semantic routing is off.</Empty>;
  return (
    <>
      <p className="muted">
        Encoder <code>{semantic.encoder}</code>, threshold {semantic.threshold}
      </p>
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
                  <td>{route.threshold ?? semantic.threshold}</td>
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
