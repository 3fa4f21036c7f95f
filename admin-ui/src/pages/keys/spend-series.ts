import type { ClientKeyView, SpendRow } from '../../api/keys.types.ts';
import type { KeySpend } from './keys.table.tsx';

/** Totals per key over the rows given. */
export function spendByKey(rows: SpendRow[]): Map<string, KeySpend> {
  const totals = new Map<string, KeySpend>();
  for (const r of rows) {
    const t = totals.get(r.keyId) ?? { usd: 0, requests: 0, tokens: 0, unpriced: 0 };
    t.usd += r.usd;
    t.requests += r.requests;
    t.tokens += r.tokensIn + r.tokensOut;
    t.unpriced += r.unpricedRequests;
    totals.set(r.keyId, t);
  }
  return totals;
}

export interface DaySpend {
  day: string;
  /** Dollars per key name that day. */
  byKey: Record<string, number>;
  tokens: number;
}

/** One row per day, newest first, with each key's dollars. */
export function spendByDay(rows: SpendRow[], keys: ClientKeyView[]): DaySpend[] {
  const names = new Map(keys.map((k) => [k.id, k.name]));
  const days = new Map<string, DaySpend>();
  for (const r of rows) {
    const d = days.get(r.day) ?? { day: r.day, byKey: {}, tokens: 0 };
    const name = names.get(r.keyId) ?? r.keyId;
    d.byKey[name] = (d.byKey[name] ?? 0) + r.usd;
    d.tokens += r.tokensIn + r.tokensOut;
    days.set(r.day, d);
  }
  return [...days.values()].sort((a, b) => b.day.localeCompare(a.day));
}

/** The first day of the current UTC month, `YYYY-MM-01`. */
export function monthStart(now = new Date()): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

/** Thirty days back, `YYYY-MM-DD`. */
export function thirtyDaysAgo(now = new Date()): string {
  return new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
}
