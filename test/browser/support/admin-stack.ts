import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startGateway, type RunningGateway } from '../../support/gateway-process.js';

/**
 * Two models on one mock provider, both in the default route. The chunk delay makes a streamed
 * answer take a couple of seconds, long enough to watch it grow.
 */
export const DEMO_CONFIG = {
  providers: { demo: { type: 'mock', chunk_delay_ms: 150, words_per_chunk: 1 } },
  models: [
    { name: 'demo-a', provider: 'demo' },
    { name: 'demo-b', provider: 'demo' },
  ],
  // The rule is there for the Config page; no test prompt mentions "translate". It lists both
  // models because a weight change that leaves any pool at total 0 is refused.
  routing: {
    default: ['demo-a', 'demo-b'],
    strategy: 'weighted',
    rules: [{ pattern: 'translate', models: ['demo-a', 'demo-b'] }],
  },
};

const DIST_INDEX = resolve(process.cwd(), 'admin-ui/dist/index.html');

/** The gateway as users run it, serving the built admin UI on its admin port. */
export async function startAdminStack(config: object = DEMO_CONFIG): Promise<RunningGateway> {
  if (!existsSync(DIST_INDEX)) {
    throw new Error(`${DIST_INDEX} is missing: build the admin UI first (npm --prefix admin-ui run build).`);
  }
  return startGateway({ config });
}

/** A unified request that names no model, so the default route (and its weights) decides. */
export async function askDefaultRoute(url: string, prompt: string): Promise<string | null> {
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: prompt }], max_tokens: 32 }),
  });
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`POST /api/chat answered ${res.status}`);
  return res.headers.get('x-switchyard-model');
}
