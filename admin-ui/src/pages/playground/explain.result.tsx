import type { ExplainView } from '../../api/chat.types.ts';
import { Panel } from '../../common/panel.tsx';
import { routeText, semanticText } from '../../common/route-text.ts';
import { SkippedList } from '../../common/route.summary.tsx';
import { Empty } from '../../common/states.tsx';
import { BreakerBadge } from '../models/breaker.badge.tsx';

export function ExplainResult({ explain }: { explain: ExplainView }) {
  const semantic = semanticText(explain._route);
  return (
    <Panel title="Route explanation">
      <p data-testid="explain-summary">
        Would use <strong>{explain.model}</strong> · {routeText(explain._route)}
      </p>
      {semantic && <p data-testid="explain-semantic">{semantic}</p>}
      {explain.candidates.length === 0 ? (
        <Empty>No candidate deployment.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Candidates">
            <thead>
              <tr>
                <th>Model</th>
                <th>Deployment</th>
                <th>Provider</th>
                <th className="num">Weight</th>
                <th>Breaker</th>
              </tr>
            </thead>
            <tbody>
              {explain.candidates.map((c) => (
                <tr key={c.deployment}>
                  <td>{c.model}</td>
                  <td>
                    <code>{c.deployment}</code>
                  </td>
                  <td>{c.provider}</td>
                  <td className="num">{c.weight}</td>
                  <td>
                    <BreakerBadge state={c.breaker} deployment={c.deployment} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Skipped</h3>
      {explain.skipped.length ? <SkippedList skipped={explain.skipped} /> : <Empty>Nothing was skipped.</Empty>}
    </Panel>
  );
}
