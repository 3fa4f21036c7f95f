import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import type { CachePurge, CacheView } from '../../api/cache.types.ts';
import type { ClientKeyView } from '../../api/keys.types.ts';
import { formatNumber, formatPercent, formatUsd } from '../../common/format.ts';
import { Modal } from '../../common/modal.tsx';
import { ErrorNote, Loading } from '../../common/states.tsx';
import { useApi } from '../../common/use-api.hook.ts';

const POLL_MS = 5_000;

type PurgeKind = 'all' | 'model' | 'key' | 'team';

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${formatNumber(Math.round(n / 1024))} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function CacheTiles({ cache }: { cache: CacheView }) {
  const hits = cache.requests.hit + cache.requests['semantic-hit'];
  const size =
    cache.store === 'memory' ? `${formatBytes(cache.bytes)} of ${formatBytes(cache.max_bytes)}` : 'shared (Redis)';
  const tiles: Array<[string, string, string]> = [
    ['cache-mode', 'Mode', cache.mode],
    ['cache-hit-rate', 'Hit rate', formatPercent(cache.hit_rate)],
    ['cache-hits', 'Hits (by meaning)', `${formatNumber(hits)} (${formatNumber(cache.requests['semantic-hit'])})`],
    ['cache-tokens-saved', 'Tokens saved', formatNumber(cache.saved.tokens_in + cache.saved.tokens_out)],
    ['cache-usd-saved', 'Money saved', formatUsd(cache.saved.usd)],
    ['cache-size', 'Stored', size],
  ];
  return (
    <dl className="tiles">
      {tiles.map(([testId, label, value]) => (
        <div className="tile" data-testid={testId} key={testId}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The purges that can match something: a shared cache holds no answer under a key or a team. */
function kindsFor(scope: CacheView['scope']): Array<[PurgeKind, string]> {
  const kinds: Array<[PurgeKind, string]> = [
    ['all', 'everything'],
    ['model', 'one model'],
  ];
  if (scope !== 'shared') kinds.push(['key', 'one client key']);
  // Under scope `key` every answer is stored under its key, never under a team.
  if (scope === 'team') kinds.push(['team', 'one team']);
  return kinds;
}

function targetOf(kind: PurgeKind, value: string): CachePurge {
  if (kind === 'all') return {};
  return { [kind]: value.trim() } as CachePurge;
}

/** The value input for a purge target: a model typed, a key or a team picked from the keys there are. */
function TargetInput({
  kind,
  keys,
  value,
  onChange,
}: {
  kind: PurgeKind;
  keys: ClientKeyView[];
  value: string;
  onChange: (value: string) => void;
}) {
  if (kind === 'all') return null;
  if (kind === 'model') {
    return <input aria-label="Model name" value={value} required onChange={(e) => onChange(e.target.value)} />;
  }
  const options =
    kind === 'key'
      ? keys.map((k) => ({ value: k.id, label: k.team ? `${k.name} · ${k.team}` : k.name }))
      : [...new Set(keys.flatMap((k) => (k.team ? [k.team] : [])))].sort().map((t) => ({ value: t, label: t }));
  return (
    <select
      aria-label={kind === 'key' ? 'Client key' : 'Team'}
      value={value}
      required
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{options.length ? 'choose…' : kind === 'key' ? 'no client key' : 'no team'}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function PurgeForm({ scope, onPurged }: { scope: CacheView['scope']; onPurged: () => void }) {
  const kinds = kindsFor(scope);
  const [kind, setKind] = useState<PurgeKind>('all');
  const [value, setValue] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // Keys are loaded only to pick a key or a team; if they cannot be, the list is empty.
  const picking = kind === 'key' || kind === 'team';
  const keys = useApi((signal) => (picking ? adminApi.keyList(signal) : Promise.resolve(null)), {
    key: String(picking),
  });
  // Under scope `team` a key in a team stores its answers under the team: only a key in none has its own.
  const keyList = keys.data?.keys.filter((k) => !k.revokedAt && (kind !== 'key' || scope !== 'team' || !k.team)) ?? [];

  const purge = async () => {
    setBusy(true);
    setNote(null);
    setError(null);
    try {
      await adminApi.purgeCache(targetOf(kind, value));
      const what =
        kind === 'all'
          ? 'everything'
          : kind === 'key'
            ? `key ${keyList.find((k) => k.id === value)?.name ?? value}`
            : `${kind} ${value.trim()}`;
      setNote(`Purged: ${what}`);
      onPurged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (kind === 'all') setConfirming(true);
          else void purge();
        }}
      >
        <label>
          Purge{' '}
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as PurgeKind);
              setValue('');
            }}
            aria-label="What to purge"
          >
            {kinds.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <TargetInput kind={kind} keys={keyList} value={value} onChange={setValue} />
        <button type="submit" className="danger" disabled={busy}>
          Purge
        </button>
        {note ? (
          <span className="muted small" role="status">
            {note}
          </span>
        ) : null}
      </form>
      {error ? <ErrorNote error={error} prefix="Not purged" /> : null}
      {confirming ? (
        <Modal
          title="Purge every cached answer?"
          onClose={() => setConfirming(false)}
          testId="purge-all-dialog"
          footer={
            <button type="button" className="danger" disabled={busy} onClick={() => void purge()}>
              Purge everything
            </button>
          }
        >
          <p>Every client is answered by its provider again until the cache fills back up.</p>
        </Modal>
      ) : null}
    </>
  );
}

/** The response cache: how often it answered, what that saved, and purges. */
export function CachePanel() {
  const cache = useApi(adminApi.cache, { pollMs: POLL_MS });
  if (cache.loading && !cache.data) return <Loading what="cache" />;
  if (!cache.data) return <ErrorNote error={cache.error} prefix="Could not load the cache" />;
  return (
    <div data-testid="cache-panel">
      {cache.error ? <ErrorNote error={cache.error} prefix="Refresh failed" /> : null}
      <CacheTiles cache={cache.data} />
      {cache.data.mode === 'off' ? (
        <p className="muted small">Off: set cache.mode in gateway.yaml (per-model overrides may still cache).</p>
      ) : null}
      <PurgeForm scope={cache.data.scope} onPurged={() => void cache.reload()} />
    </div>
  );
}
