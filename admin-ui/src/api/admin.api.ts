import type {
  ConfigView,
  InstancesView,
  LogLine,
  MetricsView,
  ModelsView,
  StatusView,
  WeightChange,
  WeightsView,
} from './admin.types.ts';
import type { CachePurge, CacheView } from './cache.types.ts';
import type { ChatAnswer, ChatRequest, ExplainView } from './chat.types.ts';
import { call, callJson } from './http.client.ts';
import type { RequestDetail, RequestFilters, RequestPage } from './requests.types.ts';
import type {
  AuditEntry,
  ClientKeyView,
  CreatedKey,
  KeyListView,
  KeySettingsBody,
  KeysView,
  SpendRow,
} from './keys.types.ts';

const BASE = '/admin/api';

/** Builds a query string from the non-empty entries only, so "no filter" sends nothing. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `since` is typed as local date-time in the form; the API wants an absolute instant. */
function filterParams(filters: RequestFilters): Record<string, string> {
  const since = filters.since ? new Date(filters.since).toISOString() : '';
  return { model: filters.model.trim(), status: filters.status.trim(), since, q: filters.q.trim(), key: filters.key };
}

export const adminApi = {
  status: (signal?: AbortSignal) => callJson<StatusView>(`${BASE}/status`, { signal }),
  models: (signal?: AbortSignal) => callJson<ModelsView>(`${BASE}/models`, { signal }),
  weights: (signal?: AbortSignal) => callJson<WeightsView>(`${BASE}/weights`, { signal }),
  setWeights: (weights: Record<string, number>) =>
    callJson<WeightsView>(`${BASE}/weights`, { method: 'POST', body: { weights } }),
  resetWeights: () => callJson<WeightsView>(`${BASE}/weights`, { method: 'DELETE' }),
  weightHistory: (limit = 20, signal?: AbortSignal) =>
    callJson<{ items: WeightChange[] }>(`${BASE}/weights/history${query({ limit })}`, { signal }),
  metrics: (minutes = 15, signal?: AbortSignal) =>
    callJson<MetricsView>(`${BASE}/metrics${query({ minutes })}`, { signal }),
  config: (signal?: AbortSignal) => callJson<ConfigView>(`${BASE}/config`, { signal }),
  instances: (signal?: AbortSignal) => callJson<InstancesView>(`${BASE}/instances`, { signal }),
  logs: (level: string, limit = 200, signal?: AbortSignal) =>
    callJson<{ items: LogLine[] }>(`${BASE}/logs${query({ level, limit })}`, { signal }),
  requests: (filters: RequestFilters, page: { limit: number; cursor?: string }) =>
    callJson<RequestPage>(`${BASE}/requests${query({ ...filterParams(filters), ...page })}`),
  request: (id: string | number, signal?: AbortSignal) =>
    callJson<RequestDetail>(`${BASE}/requests/${encodeURIComponent(String(id))}`, { signal }),
  exportRequests: (filters: RequestFilters, format: 'csv' | 'json') =>
    call(`${BASE}/requests/export${query({ ...filterParams(filters), format })}`),
  clearRequests: () => callJson<{ deleted: number }>(`${BASE}/requests`, { method: 'DELETE' }),
  chat: (body: ChatRequest, signal?: AbortSignal) => call(`${BASE}/playground`, { method: 'POST', body, signal }),
  explain: (body: ChatRequest) => callJson<ExplainView>(`${BASE}/explain`, { method: 'POST', body }),
  cache: (signal?: AbortSignal) => callJson<CacheView>(`${BASE}/cache`, { signal }),
  purgeCache: (target: CachePurge) =>
    callJson<{ purged: string }>(`${BASE}/cache/purge`, { method: 'POST', body: target }),
  answer: async (res: Response) => (await res.json()) as ChatAnswer,
  keys: (signal?: AbortSignal) => callJson<KeysView>(`${BASE}/keys`, { signal }),
  /** The keys without their spend, which the gateway then does not sum: for pickers. */
  keyList: (signal?: AbortSignal) => callJson<KeyListView>(`${BASE}/keys?spend=0`, { signal }),
  createKey: (body: KeySettingsBody) => callJson<CreatedKey>(`${BASE}/keys`, { method: 'POST', body }),
  updateKey: (id: string, body: Partial<KeySettingsBody>) =>
    callJson<ClientKeyView>(`${BASE}/keys/${encodeURIComponent(id)}`, { method: 'POST', body }),
  revokeKey: (id: string) =>
    callJson<ClientKeyView>(`${BASE}/keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
  keySpend: (from?: string, signal?: AbortSignal) =>
    callJson<SpendRow[]>(`${BASE}/keys/spend${query({ from })}`, { signal }),
  keyAudit: (signal?: AbortSignal) => callJson<AuditEntry[]>(`${BASE}/keys/audit`, { signal }),
};
