import type { BudgetPeriod } from './client-key.types.js';
import type { PeriodStarts } from './key.store.js';

export interface PeriodSpan {
  /** Names the period in counter keys: `day:2025-01-31`, `month:2025-01`, `total`. */
  id: string;
  /** The first UTC day the period covers; undefined for `total`. */
  fromDay?: string;
  /** Epoch ms when the next period starts; undefined for `total`, which never does. */
  endsAt?: number;
}

export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** The budget period `nowMs` falls in; days and months start at 00:00 UTC. */
export function periodAt(period: BudgetPeriod, nowMs: number): PeriodSpan {
  const d = new Date(nowMs);
  if (period === 'day') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { id: `day:${utcDay(start)}`, fromDay: utcDay(start), endsAt: start + 86_400_000 };
  }
  if (period === 'month') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const id = `month:${utcDay(start).slice(0, 7)}`;
    return { id, fromDay: utcDay(start), endsAt: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
  }
  return { id: 'total' };
}

/** Days of spend shown for a key without a budget: today and the 29 before it. */
export const UNBUDGETED_DAYS = 30;

/** Where each kind of key's spend period starts at `nowMs` (see KeyStore.spendInPeriods). */
export function periodStartsAt(nowMs: number): PeriodStarts {
  return {
    day: periodAt('day', nowMs).fromDay as string,
    month: periodAt('month', nowMs).fromDay as string,
    unbudgeted: utcDay(nowMs - (UNBUDGETED_DAYS - 1) * 86_400_000),
  };
}
