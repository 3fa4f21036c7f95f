import { adminFetch } from '../admin/admin-client.js';
import type { RunningGateway } from '../support/gateway-process.js';

export interface IssuedKey {
  id: string;
  secret: string;
}

/** Creates a client key through the admin API (snake_case settings, as the API takes them). */
export async function issueKey(gateway: RunningGateway, settings: Record<string, unknown>): Promise<IssuedKey> {
  const res = await adminFetch(gateway, '/admin/api/keys', { method: 'POST', body: settings });
  if (res.status !== 200) throw new Error(`creating a key answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { key: { id: string }; secret: string };
  return { id: created.key.id, secret: created.secret };
}

export async function revokeKey(gateway: RunningGateway, id: string): Promise<void> {
  const res = await adminFetch(gateway, `/admin/api/keys/${id}/revoke`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`revoking answered ${res.status}: ${await res.text()}`);
}

export interface SpendTotals {
  requests: number;
  usd: number;
  tokensIn: number;
  tokensOut: number;
}

/** A key's recorded spend, summed over models and days. */
export async function spendOf(gateway: RunningGateway, id: string): Promise<SpendTotals> {
  const res = await adminFetch(gateway, `/admin/api/keys/spend?key=${id}`);
  const rows = (await res.json()) as SpendTotals[];
  return rows.reduce(
    (t, r) => ({
      requests: t.requests + r.requests,
      usd: t.usd + r.usd,
      tokensIn: t.tokensIn + r.tokensIn,
      tokensOut: t.tokensOut + r.tokensOut,
    }),
    { requests: 0, usd: 0, tokensIn: 0, tokensOut: 0 },
  );
}

/**
 * Rate-limit windows are clock minutes: a test that counts admissions in one window waits out the
 * last seconds of a minute rather than straddle two.
 */
export async function awayFromMinuteEdge(marginMs = 5_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
