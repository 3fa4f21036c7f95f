import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatRequest, DialectKind } from '#src/core/chat.types.js';
import { systemClock } from '#src/core/clock.js';
import { AuthModeState } from '#src/keys/auth-mode.js';
import { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import type { KeySettings } from '#src/keys/client-key.types.js';
import { KeyAdmission } from '#src/keys/key-admission.js';
import { KeyBudgets } from '#src/keys/key-budgets.js';
import { KeyDirectory } from '#src/keys/key-directory.js';
import { KeyLimiter } from '#src/keys/key-limiter.js';
import { KeyService } from '#src/keys/key.service.js';
import { KeyStore } from '#src/keys/key.store.js';
import type { HeaderSink } from '#src/keys/rate-limit.types.js';
import { openKeysDatabase } from '#src/keys/keys-database.js';
import { SpendLedger } from '#src/keys/spend-ledger.js';
import { PriceBook } from '#src/observability/cost.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import { median } from '../../stats/summary.js';

/**
 * The client-key path of one request, in process and without HTTP: the check of the presented
 * secret, admission (allowlist, limits, budget) and the settling at the end, for a plain key and
 * a key with every check, timed per request. It isolates what `bench:keys` can only see inside a
 * gateway's whole CPU, so a change to one step shows in nanoseconds rather than in noise.
 * Run `npm run build:server` first: the code measured is the build in `dist/`.
 */

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '21' },
    requests: { type: 'string', default: '50000' },
    dialect: { type: 'string', default: 'openai' },
  },
});

const PRICES = new PriceBook({
  models: [
    {
      name: 'demo',
      deployments: [{ provider: 'mock', upstreamModel: 'demo', weight: 1 }],
      weight: 1,
      capabilities: [],
      fallbacks: [],
      price: { inputPerMtok: 1, outputPerMtok: 2 },
    },
  ],
});

const KEYS: Record<string, KeySettings> = {
  'plain key': { name: 'bench-plain' },
  'every check': {
    name: 'bench-full',
    allowedModels: ['demo*'],
    limits: { rpm: 1_000_000_000, tpm: 1_000_000_000, maxConcurrent: 10_000 },
    budget: { usd: 1_000_000_000, period: 'month' },
  },
};

const USAGE = { inputTokens: 12, outputTokens: 16 };

/** A request as the OpenAI decoder hands it over: a fresh object every time, as on the wire. */
const newRequest = (): ChatRequest => ({
  model: 'demo',
  maxTokens: 16,
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }],
});

/** Takes headers as a fastify reply does: each name lower-cased into the answer's own object. */
class ReplyHeaders implements HeaderSink {
  readonly headers: Record<string, string> = {};

  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
}

interface Path {
  auth: ClientKeyAuth;
  admission: KeyAdmission;
  /** The key's secret, shown once at its creation. */
  secret: string;
  close(): Promise<void>;
}

/** The key path as KeysModule wires it, on in-process state and a fresh SQLite key store holding one key. */
async function openPath(dir: string, settings: KeySettings): Promise<Path> {
  const opened = await openKeysDatabase({ dataDir: dir });
  const store = new KeyStore(opened.sql, opened.ready);
  const state = new MemorySharedState(systemClock);
  const mode = new AuthModeState('keys', true);
  const { secret } = await new KeyService(store, state.bus, systemClock, mode).create(settings, 'bench');
  const ledger = new SpendLedger(store, PRICES, () => undefined);
  const admission = new KeyAdmission({
    limiter: new KeyLimiter(state.counters, systemClock),
    budgets: new KeyBudgets(state, store, systemClock, () => undefined),
    ledger,
    prices: PRICES,
    clock: systemClock,
    warn: () => undefined,
  });
  const auth = new ClientKeyAuth(mode, new KeyDirectory(store, systemClock, state.bus), systemClock);
  return {
    auth,
    admission,
    secret,
    close: async () => {
      await ledger.close();
      await store.close();
    },
  };
}

/** Awaits what may wait on the store (a key's lookup read again, a budget's first seeding), outside the timing. */
async function settleStoreReads(path: Path, dialect: DialectKind): Promise<void> {
  const holder = await path.auth.authenticate({ authorization: `Bearer ${path.secret}` });
  if (holder === undefined) throw new Error('the bench key was refused');
  const admitted = await path.admission.admit(holder, newRequest(), dialect, { header: () => undefined });
  admitted.finish({ model: 'demo', usage: USAGE });
}

/** CPU time of the whole process (every thread, the collector's included) so far, in µs. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * CPU nanoseconds per request over up to `count` requests, each checked, admitted and finished.
 * CPU rather than wall time: on a shared machine a round's wall time also holds whatever else ran
 * meanwhile. The round ends early when the key's lookup must be read again from the store (past its
 * second, when a key row changed since it was read).
 */
function timeRequests(path: Path, dialect: DialectKind, count: number): number {
  const headers = { authorization: `Bearer ${path.secret}` };
  const started = cpuMicros();
  let done = 0;
  for (; done < count; done++) {
    const holder = path.auth.authenticate(headers);
    if (holder instanceof Promise) break;
    if (holder === undefined) throw new Error('the bench key was not checked');
    const admitted = path.admission.admit(holder, newRequest(), dialect, new ReplyHeaders());
    if (admitted instanceof Promise) throw new Error('admission waited on a promise');
    admitted.finish({ model: 'demo', usage: USAGE });
  }
  return ((cpuMicros() - started) * 1e3) / done;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keys-hot-path-'));
  try {
    const rounds = Number(values.rounds);
    const count = Number(values.requests);
    const dialect = values.dialect as DialectKind;
    const lines: string[] = [];
    for (const [name, settings] of Object.entries(KEYS)) {
      const path = await openPath(mkdtempSync(join(dir, 'store-')), settings);
      const ns: number[] = [];
      for (let round = 0; round < rounds; round++) {
        await settleStoreReads(path, dialect);
        ns.push(timeRequests(path, dialect, count));
      }
      await path.close();
      const sorted = [...ns].sort((a, b) => a - b);
      lines.push(
        `${name}: median ${(median(ns) ?? NaN).toFixed(0)} CPU ns/request ` +
          `(min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)}, ${rounds} rounds of ${count})`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
