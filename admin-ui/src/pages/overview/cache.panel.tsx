import { useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import { messageOf } from '../../api/api-error.ts';
import type { CachePurge, CacheView } from '../../api/cache.types.ts';
import { formatNumber, formatPercent, formatUsd } from '../../common/format.ts';
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

function targetOf(kind: PurgeKind, value: string): CachePurge {
  if (kind === 'all') return {};
  return { [kind]: value.trim() } as CachePurge;
}

function PurgeForm({ onPurged }: { onPurged: () => void }) {
  const [kind, setKind] = useState<PurgeKind>('all');
  const [value, setValue] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const purge = async () => {
    setBusy(true);
    try {
      const { purged } = await adminApi.purgeCache(targetOf(kind, value));
      setNote(`Purged: ${purged}`);
      onPurged();
    } catch (err) {
      setNote(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        void purge();
      }}
    >
      <label>
        Purge{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as PurgeKind)} aria-label="What to purge">
          <option value="all">everything</option>
          <option value="model">one model</option>
          <option value="key">one client key</option>
          <option value="team">one team</option>
        </select>
      </label>
      {kind === 'all' ? null : (
        <input
          aria-label={kind === 'model' ? 'Model name' : kind === 'key' ? 'Client key id' : 'Team'}
          value={value}
          required
          onChange={(e) => setValue(e.target.value)}
        />
      )}
      <button type="submit" className="danger" disabled={busy}>
        Purge
      </button>
      {note ? (
        <span className="muted small" role="status">
          {note}
        </span>
      ) : null}
    </form>
  );
}

/** The response cache: how often it answered, what that saved, and purges. */
export function CachePanel() {
  const cache = useApi(adminApi.cache, { pollMs: POLL_MS });
  if (cache.loading && !cache.data) return <Loading what="cache" />;
  if (!cache.data) return <ErrorNote error={cache.error} prefix="Could not load the cache" />;
  return (
    <div data-testid="cache-panel">
      <CacheTiles cache={cache.data} />
      {cache.data.mode === 'off' ? (
        <p className="muted small">Off: set cache.mode in gateway.yaml (per-model overrides may still cache).</p>
      ) : null}
      <PurgeForm onPurged={() => void cache.reload()} />
    </div>
  );
}
