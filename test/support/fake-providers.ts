import type { FakeUpstream } from '../fakes/fake-upstream.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { freePort } from './free-port.js';

/** The vendors whose fakes check a key and stream SSE; enough to tell two deployments apart. */
export type SseVendor = 'openai' | 'anthropic';

export const UPSTREAM_KEY = 'sk-test-upstream';

/** The model id each vendor's fake is asked for in these suites. */
export const VENDOR_MODEL: Record<SseVendor, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-5' };

export function startFake(vendor: SseVendor): Promise<FakeUpstream> {
  return fakeKits[vendor].start({ apiKey: UPSTREAM_KEY, models: [VENDOR_MODEL[vendor]] });
}

/** A `providers.<name>` entry for a vendor at `url` (OpenAI's base URL carries `/v1`, the others do not). */
export function vendorProvider(vendor: SseVendor, url: string): object {
  return { type: vendor, base_url: vendor === 'openai' ? `${url}/v1` : url, api_key: UPSTREAM_KEY };
}

/** A URL nothing listens on: a port that was bound and released a moment ago, so connecting is refused. */
export async function refusingUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** How often each value occurs, e.g. which provider answered each of a run of requests. */
export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
