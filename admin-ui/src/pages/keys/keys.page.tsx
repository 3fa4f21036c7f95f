import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import type { ClientKeyView, CreatedKey, KeySettingsBody } from '../../api/keys.types.ts';
import { formatNumber, formatTime, formatUsd } from '../../common/format.ts';
import { Modal } from '../../common/modal.tsx';
import { Panel } from '../../common/panel.tsx';
import { Empty, ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';
import { KeySettingsForm } from './key-settings.form.tsx';
import { KeysTable } from './keys.table.tsx';
import { SpendChart } from './spend.chart.tsx';
import { spendByDay, spendByKey, thirtyDaysAgo } from './spend-series.ts';

async function loadKeys() {
  const [keys, spend, audit] = await Promise.all([
    adminApi.keys(),
    adminApi.keySpend(thirtyDaysAgo()),
    adminApi.keyAudit(),
  ]);
  return { keys, spend, audit, loadedAt: Date.now() };
}

/** The secret of a key just made: shown here once, never again. */
function Reveal({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  return (
    <div className="panel" role="status" data-testid="key-reveal">
      <p>
        The secret of <strong>{created.key.name}</strong>. Copy it now: it is shown only this once.
      </p>
      <p>
        <code data-testid="key-secret">{created.secret}</code>
      </p>
      <button type="button" className="secondary" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

export function KeysPage() {
  const state = useApi(loadKeys, { pollMs: 5_000 });
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [editing, setEditing] = useState<ClientKeyView | null>(null);
  const [revoking, setRevoking] = useState<ClientKeyView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await state.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const create = (body: KeySettingsBody) => run(async () => setCreated(await adminApi.createKey(body)));
  const save = (key: ClientKeyView, body: KeySettingsBody) =>
    run(async () => {
      await adminApi.updateKey(key.id, body);
      setEditing(null);
    });
  const toggle = (key: ClientKeyView) =>
    run(async () => void (await adminApi.updateKey(key.id, { disabled: !key.disabled })));
  const revoke = (key: ClientKeyView) =>
    run(async () => {
      await adminApi.revokeKey(key.id);
      setRevoking(null);
    });

  if (state.loading && !state.data) return <Loading what="keys" />;
  if (!state.data) return <ErrorNote error={state.error} prefix="Could not load the keys" />;
  const { keys, spend, audit, loadedAt } = state.data;
  const totals = spendByKey(spend);
  const days = spendByDay(spend, keys.keys);

  return (
    <div className="page" data-testid="page-keys">
      <h1>Client keys</h1>
      <p className="muted" data-testid="auth-mode">
        {keys.mode === 'keys'
          ? 'Every proxy call needs a client key (Authorization: Bearer or x-api-key).'
          : 'Client keys are off: anyone who reaches the proxy may call it. Creating a key turns them on unless auth.mode says otherwise.'}
      </p>
      {error ? <ErrorNote error={error} prefix="Not done" /> : null}
      {created ? <Reveal created={created} onDone={() => setCreated(null)} /> : null}
      <Panel title="New key">
        <KeySettingsForm
          key={created?.key.id ?? 'new'}
          busy={busy}
          submitLabel="Create key"
          onSubmit={(b) => void create(b)}
        />
      </Panel>
      <Panel title="Keys (spend over the last 30 days)">
        {keys.keys.length === 0 ? (
          <Empty>No client key yet.</Empty>
        ) : (
          <KeysTable
            keys={keys.keys}
            spend={totals}
            now={loadedAt}
            onEdit={setEditing}
            onToggle={(k) => void toggle(k)}
            onRevoke={setRevoking}
          />
        )}
      </Panel>
      <Panel title="Spend per day">
        {days.length === 0 ? (
          <Empty>Nothing spent in the last 30 days.</Empty>
        ) : (
          <>
            <SpendChart days={days} />
            <div className="table-wrap">
              <table aria-label="Spend per day">
                <thead>
                  <tr>
                    <th>Day (UTC)</th>
                    <th>By key</th>
                    <th className="num">Tokens</th>
                  </tr>
                </thead>
                <tbody>
                  {days.map((d) => (
                    <tr key={d.day}>
                      <td>{d.day}</td>
                      <td>
                        {Object.entries(d.byKey)
                          .map(([name, usd]) => `${name}: ${formatUsd(usd)}`)
                          .join(', ')}
                      </td>
                      <td className="num">{formatNumber(d.tokens)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
      <Panel title="Audit trail">
        {audit.length === 0 ? (
          <Empty>No key has been changed yet.</Empty>
        ) : (
          <ul className="plain-list" data-testid="key-audit">
            {audit.map((a, i) => (
              <li key={`${a.at}-${i}`}>
                {formatTime(a.at)} — {a.actor} {a.action} {keys.keys.find((k) => k.id === a.keyId)?.name ?? a.keyId}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      {editing ? (
        <Modal title={`Edit ${editing.name}`} onClose={() => setEditing(null)}>
          <KeySettingsForm editing={editing} busy={busy} submitLabel="Save" onSubmit={(b) => void save(editing, b)} />
        </Modal>
      ) : null}
      {revoking ? (
        <Modal
          title={`Revoke ${revoking.name}?`}
          onClose={() => setRevoking(null)}
          testId="revoke-dialog"
          footer={
            <button type="button" className="danger" disabled={busy} onClick={() => void revoke(revoking)}>
              Revoke for good
            </button>
          }
        >
          <p>Calls with this key are refused from now on. A revoked key cannot be brought back.</p>
        </Modal>
      ) : null}
    </div>
  );
}
