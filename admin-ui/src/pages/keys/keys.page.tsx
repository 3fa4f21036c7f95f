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
import { spendByDay, thirtyDaysAgo } from './spend-series.ts';

/**
 * Spend changes with every call, keys only when an admin changes one (and this page reloads after
 * its own changes): a refresh every 15 s is enough.
 */
const POLL_MS = 15_000;

/**
 * Each key comes with its spend in its period, summed by the gateway; the rows per day are read
 * for the chart's 30 days only, so a refresh reads the same amount however old the keys are.
 */
async function loadKeys(signal: AbortSignal) {
  const from = thirtyDaysAgo();
  const [keys, audit, spend] = await Promise.all([
    adminApi.keys(signal),
    adminApi.keyAudit(signal),
    adminApi.keySpend(from, signal),
  ]);
  return { keys, spend, audit, from, loadedAt: Date.now() };
}

/**
 * The secret of a key just made: shown here once, never again. Screen readers hear that a key was
 * made, not the secret itself.
 */
function Reveal({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard
      .writeText(created.secret)
      .then(() => setCopied('Copied.'))
      .catch(() => setCopied('Could not copy: select the secret and copy it by hand.'));
  return (
    <div className="panel" data-testid="key-reveal">
      <p role="status">Key created; copy its secret now.</p>
      <p>
        The secret of <strong>{created.key.name}</strong>. It is shown only this once.
      </p>
      <p>
        <code className="secret" data-testid="key-secret">
          {created.secret}
        </code>
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          I have copied it
        </button>
        {copied ? <span className="muted small">{copied}</span> : null}
      </div>
    </div>
  );
}

/** Which action a refusal belongs to, so it is shown where that action was taken. */
type Refusal = { from: 'create' | 'edit' | 'revoke' | 'toggle'; error: unknown };

export function KeysPage() {
  const state = useApi(loadKeys, { pollMs: POLL_MS });
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [editing, setEditing] = useState<ClientKeyView | null>(null);
  const [revoking, setRevoking] = useState<ClientKeyView | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const run = async (from: Refusal['from'], action: () => Promise<void>) => {
    setBusy(true);
    setRefusal(null);
    try {
      await action();
      await state.reload();
    } catch (error) {
      setRefusal({ from, error });
    } finally {
      setBusy(false);
    }
  };
  const errorOf = (from: Refusal['from']) => (refusal?.from === from ? refusal.error : null);
  const create = (body: Partial<KeySettingsBody>) =>
    run('create', async () => setCreated(await adminApi.createKey(body as KeySettingsBody)));
  const save = (key: ClientKeyView, changes: Partial<KeySettingsBody>) =>
    run('edit', async () => {
      if (Object.keys(changes).length > 0) await adminApi.updateKey(key.id, changes);
      setEditing(null);
    });
  const toggle = (key: ClientKeyView) =>
    run('toggle', async () => void (await adminApi.updateKey(key.id, { disabled: !key.disabled })));
  const closeDialog = () => {
    setEditing(null);
    setRevoking(null);
    setRefusal(null);
  };
  const revoke = (key: ClientKeyView) =>
    run('revoke', async () => {
      await adminApi.revokeKey(key.id);
      setRevoking(null);
    });

  if (state.loading && !state.data) return <Loading what="keys" />;
  if (!state.data) return <ErrorNote error={state.error} prefix="Could not load the keys" />;
  const { keys, spend, audit, from, loadedAt } = state.data;
  const { days, series } = spendByDay(spend, keys.keys, from);

  return (
    <div className="page" data-testid="page-keys">
      <h1>Client keys</h1>
      <p className="muted" data-testid="auth-mode">
        {keys.mode === 'keys'
          ? 'Every proxy call needs a client key (Authorization: Bearer or x-api-key).'
          : 'Client keys are off: anyone who reaches the proxy may call it. Creating a key turns them on unless auth.mode says otherwise.'}
      </p>
      {state.error ? <ErrorNote error={state.error} prefix="Refresh failed" /> : null}
      {errorOf('toggle') ? <ErrorNote error={errorOf('toggle')} prefix="Not done" /> : null}
      {created ? <Reveal created={created} onDone={() => setCreated(null)} /> : null}
      <Panel title="New key">
        <KeySettingsForm
          key={created?.key.id ?? 'new'}
          busy={busy}
          submitLabel="Create key"
          error={errorOf('create')}
          onSubmit={(b) => void create(b)}
        />
      </Panel>
      <Panel title="Keys (spend within each budget’s period; the last 30 days without a budget)">
        {keys.keys.length === 0 ? (
          <Empty>No client key yet.</Empty>
        ) : (
          <KeysTable
            keys={keys.keys}
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
            <SpendChart days={days} series={series} />
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
                        {series
                          .filter((s) => d.byKey[s.dataKey] !== undefined)
                          .map((s) => `${s.name}: ${formatUsd(d.byKey[s.dataKey])}`)
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
        <Modal title={`Edit ${editing.name}`} onClose={closeDialog}>
          <KeySettingsForm
            editing={editing}
            busy={busy}
            submitLabel="Save"
            error={errorOf('edit')}
            onSubmit={(changes) => void save(editing, changes)}
          />
        </Modal>
      ) : null}
      {revoking ? (
        <Modal
          title={`Revoke ${revoking.name}?`}
          onClose={closeDialog}
          testId="revoke-dialog"
          footer={
            <button type="button" className="danger" disabled={busy} onClick={() => void revoke(revoking)}>
              Revoke for good
            </button>
          }
        >
          <p>Calls with this key are refused from now on. A revoked key cannot be brought back.</p>
          {errorOf('revoke') ? <ErrorNote error={errorOf('revoke')} prefix="Not revoked" /> : null}
        </Modal>
      ) : null}
    </div>
  );
}
