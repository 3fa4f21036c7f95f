import type { ClientKeyView, KeysView } from '../../api/keys.types.ts';
import { Badge } from '../../common/badge.tsx';
import { formatNumber, formatTime, formatUsd } from '../../common/format.ts';

type KeyState = 'revoked' | 'disabled' | 'expired' | 'active';

function stateOf(keyView: ClientKeyView, now: number): KeyState {
  if (keyView.revokedAt) return 'revoked';
  if (keyView.disabled) return 'disabled';
  if (keyView.expiresAt && Date.parse(keyView.expiresAt) <= now) return 'expired';
  return 'active';
}

const STATE_TONE = { revoked: 'bad', disabled: 'warn', expired: 'bad', active: 'good' } as const;

function Status({ keyView, now }: { keyView: ClientKeyView; now: number }) {
  const state = stateOf(keyView, now);
  return <Badge tone={STATE_TONE[state]}>{state}</Badge>;
}

/**
 * Allowlist entries that admit nothing, so the key is refused where its owner may expect otherwise.
 * Shown for an active key only, as the gateway's start-up warning is: a key that cannot be used
 * (revoked, disabled, expired) is refused anyway.
 */
function Unmatched({ keyView, now }: { keyView: ClientKeyView; now: number }) {
  if (stateOf(keyView, now) !== 'active' || keyView.unmatchedModels.length === 0) return null;
  return (
    <>
      {' '}
      <Badge tone="warn" testId="key-unmatched">
        no such model: {keyView.unmatchedModels.join(', ')}
      </Badge>
    </>
  );
}

function limitsText({ limits }: ClientKeyView): string {
  const parts = [
    limits.rpm ? `${limits.rpm} req/min` : '',
    limits.tpm ? `${formatNumber(limits.tpm)} tok/min` : '',
    limits.maxConcurrent ? `${limits.maxConcurrent} at once` : '',
  ].filter((p) => p !== '');
  return parts.length ? parts.join(', ') : 'none';
}

/** The period the spend column covers: the budget's own (days and months are UTC ones), else the last 30 days. */
function spanText({ budget }: ClientKeyView): string {
  if (!budget) return '30 days';
  return budget.period === 'day' ? 'today (UTC)' : budget.period === 'month' ? 'this month (UTC)' : 'in total';
}

interface KeysTableProps {
  /** Each with its spend in the period shown, as the gateway sums it. */
  keys: KeysView['keys'];
  /** When the list was loaded (epoch ms), for telling expired keys. */
  now: number;
  onEdit: (key: ClientKeyView) => void;
  onToggle: (key: ClientKeyView) => void;
  onRevoke: (key: ClientKeyView) => void;
}

/** Every key with its limits and the spend of the period shown; actions per key. */
export function KeysTable({ keys, now, onEdit, onToggle, onRevoke }: KeysTableProps) {
  return (
    <div className="table-wrap">
      <table aria-label="Client keys" data-testid="keys-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Status</th>
            <th>Models</th>
            <th>Limits</th>
            <th>Budget</th>
            <th className="num">Requests</th>
            <th className="num">Spend</th>
            <th>Created</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const used = k.spend;
            return (
              <tr key={k.id} data-testid="key-row" data-key-name={k.name}>
                <td>
                  {k.name}
                  {k.team ? <span className="muted"> · {k.team}</span> : null}
                </td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  <Status keyView={k} now={now} />
                </td>
                <td>
                  {k.allowedModels.length ? k.allowedModels.join(', ') : 'all'}
                  <Unmatched keyView={k} now={now} />
                </td>
                <td>{limitsText(k)}</td>
                <td>{k.budget ? `${formatUsd(k.budget.usd)} / ${k.budget.period}` : 'none'}</td>
                <td className="num" data-testid="key-requests">
                  {formatNumber(used.requests)}
                </td>
                <td className="num" data-testid="key-spend">
                  {formatUsd(used.usd)}
                  <span className="muted"> {spanText(k)}</span>
                  {used.unpricedRequests ? <span className="muted"> (+{used.unpricedRequests} unpriced)</span> : null}
                </td>
                <td>{formatTime(k.createdAt)}</td>
                <td>
                  {k.revokedAt ? null : (
                    <div className="toolbar">
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => onEdit(k)}
                        aria-label={`Edit ${k.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => onToggle(k)}
                        aria-label={`${k.disabled ? 'Enable' : 'Disable'} ${k.name}`}
                      >
                        {k.disabled ? 'Enable' : 'Disable'}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => onRevoke(k)}
                        aria-label={`Revoke ${k.name}`}
                      >
                        Revoke
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
