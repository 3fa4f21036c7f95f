import type { BudgetPeriod, ClientKeyView, SpendRow } from '../../api/keys.types.ts';
import type { KeySpend } from './keys.table.tsx';

/** The first UTC day of the current period of `period` (30 days back without a budget); undefined for `total`. */
export function periodStart(period: BudgetPeriod | undefined, now = new Date()): string | undefined {
  if (period === 'total') return undefined;
  if (period === 'day') return now.toISOString().slice(0, 10);
  if (period === 'month') return monthStart(now);
  return thirtyDaysAgo(now);
}

/**
 * The earliest day any of the keys' spend columns needs: a total budget counts from the day its key
 * was made, so no refresh reads the whole spend history.
 */
export function earliestStart(keys: ClientKeyView[], now = new Date()): string {
  const starts = [
    thirtyDaysAgo(now),
    ...keys.map((k) => periodStart(k.budget?.period, now) ?? k.createdAt.slice(0, 10)),
  ];
  return starts.sort()[0];
}

/** Each key's totals over its own budget period, so the spend sits beside the budget it counts towards. */
export function spendByKey(rows: SpendRow[], keys: ClientKeyView[], now = new Date()): Map<string, KeySpend> {
  const starts = new Map(keys.map((k) => [k.id, periodStart(k.budget?.period, now)]));
  const totals = new Map<string, KeySpend>();
  for (const r of rows) {
    const start = starts.get(r.keyId);
    if (start !== undefined && r.day < start) continue;
    const t = totals.get(r.keyId) ?? { usd: 0, requests: 0, tokens: 0, unpriced: 0 };
    t.usd += r.usd;
    t.requests += r.requests;
    t.tokens += r.tokensIn + r.tokensOut;
    t.unpriced += r.unpricedRequests;
    totals.set(r.keyId, t);
  }
  return totals;
}

/** One key's segment in the chart: keyed by id, since names can repeat (a revoked key and its replacement). */
export interface SpendSeries {
  /** `k_<id>`: a plain property name, so the chart never reads it as a path or clashes with `day`. */
  dataKey: string;
  name: string;
}

export interface DaySpend {
  day: string;
  /** Dollars per key that day, by the key's series `dataKey`. */
  byKey: Record<string, number>;
  tokens: number;
}

export const seriesKey = (keyId: string) => `k_${keyId}`;

/** What the chart and table call a key: its name, marked when revoked so a replacement of the same name is told apart. */
function seriesName(key: ClientKeyView | undefined, keyId: string): string {
  if (key === undefined) return keyId;
  return key.revokedAt ? `${key.name} (revoked)` : key.name;
}

/** One row per day from `from` on, newest first, with each key's dollars; and the keys that spent, by id. */
export function spendByDay(
  rows: SpendRow[],
  keys: ClientKeyView[],
  from: string,
): { days: DaySpend[]; series: SpendSeries[] } {
  const byId = new Map(keys.map((k) => [k.id, k]));
  const days = new Map<string, DaySpend>();
  const series = new Map<string, SpendSeries>();
  for (const r of rows) {
    if (r.day < from) continue;
    const d = days.get(r.day) ?? { day: r.day, byKey: {}, tokens: 0 };
    const dataKey = seriesKey(r.keyId);
    if (!series.has(dataKey)) series.set(dataKey, { dataKey, name: seriesName(byId.get(r.keyId), r.keyId) });
    d.byKey[dataKey] = (d.byKey[dataKey] ?? 0) + r.usd;
    d.tokens += r.tokensIn + r.tokensOut;
    days.set(r.day, d);
  }
  return {
    days: [...days.values()].sort((a, b) => b.day.localeCompare(a.day)),
    series: [...series.values()].sort((a, b) => a.name.localeCompare(b.name) || a.dataKey.localeCompare(b.dataKey)),
  };
}

/** The first day of the current UTC month, `YYYY-MM-01`. */
export function monthStart(now = new Date()): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

/** Thirty days back, `YYYY-MM-DD`. */
export function thirtyDaysAgo(now = new Date()): string {
  return new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
}
