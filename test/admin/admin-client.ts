import { TEST_ADMIN_TOKEN, type RunningGateway } from '../support/gateway-process.js';

export interface AdminCall {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** The bearer token; `null` sends none. Default: the test admin token. */
  token?: string | null;
}

/** One call to the admin port. */
export function adminFetch(gateway: RunningGateway, path: string, call: AdminCall = {}): Promise<Response> {
  const token = call.token === undefined ? TEST_ADMIN_TOKEN : call.token;
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${gateway.adminUrl}${path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
}

/** GETs an admin API path with the token and insists on a 200 JSON answer. */
export async function adminJson<T = Record<string, unknown>>(gateway: RunningGateway, path: string): Promise<T> {
  const res = await adminFetch(gateway, path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Asks until `check` returns a value (the request log is written a moment after each request),
 * giving up after `timeoutMs` with the last thing seen.
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A gateway with only the built-in mock provider: one priced model, the default route. */
export const MOCK_CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: [
    { name: 'demo', provider: 'mock', upstream_model: 'demo', price: { input_per_mtok: 3, output_per_mtok: 15 } },
  ],
  routing: { default: ['demo'] },
};

export interface RequestRowSeen {
  id: number;
  request_id: string;
  dialect: string;
  stream: boolean;
  model: string | null;
  provider: string | null;
  status: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number | null;
  error_kind: string | null;
}

export interface RequestPageSeen {
  items: RequestRowSeen[];
  total: number;
  next: string | null;
  search_window: number | null;
}

/** The request log once it holds at least `count` rows matching `query`. */
export function loggedRequests(gateway: RunningGateway, count: number, query = ''): Promise<RequestPageSeen> {
  return eventually(`${count} logged request(s)${query ? ` matching ${query}` : ''}`, async () => {
    const page = await adminJson<RequestPageSeen>(gateway, `/admin/api/requests?limit=500${query}`);
    return page.items.length >= count ? page : undefined;
  });
}
