import { TEST_ADMIN_TOKEN } from './gateway-process.js';

/** `GET /api/config/weights`: effective weights by `model` and `model/<index>`, and the run-time overrides. */
export interface WeightsView {
  weights: Record<string, number>;
  overrides: Record<string, number>;
}

const PATH = '/api/config/weights';

export interface WeightsCall {
  /** Raw body text, sent as is (so `1e309` or broken JSON reach the gateway untouched). */
  body?: string;
  /** The bearer token; `null` sends no Authorization header. Default: the test admin token. */
  token?: string | null;
}

export function callWeights(url: string, method: 'GET' | 'POST' | 'DELETE', call: WeightsCall = {}): Promise<Response> {
  const token = call.token === undefined ? TEST_ADMIN_TOKEN : call.token;
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${url}${PATH}`, { method, headers, body: call.body });
}

export async function readWeights(url: string): Promise<WeightsView> {
  const res = await callWeights(url, 'GET');
  if (res.status !== 200) throw new Error(`GET ${PATH} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as WeightsView;
}

/** POSTs `{"weights": …}` and insists it was accepted. */
export async function setWeights(url: string, weights: Record<string, number>): Promise<WeightsView> {
  const res = await callWeights(url, 'POST', { body: JSON.stringify({ weights }) });
  if (res.status !== 200) throw new Error(`POST ${PATH} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as WeightsView;
}
