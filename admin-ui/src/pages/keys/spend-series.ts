import type { ClientKeyView, SpendRow } from '../../api/keys.types.ts';

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

/** The first of the last 30 UTC days, today included, `YYYY-MM-DD`: where the chart starts. */
export function thirtyDaysAgo(now = new Date()): string {
  return new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
}
