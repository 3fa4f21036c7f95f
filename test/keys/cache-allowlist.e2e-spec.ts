import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { MODEL, startStack, type TestStack } from '../support/test-stack.js';
import { adminFetch } from '../admin/admin-client.js';
import { issueKey, type IssuedKey } from './key-admin.js';

/** The response cache shared by a team (`scope: team`) whose keys may use different models. */

const T = 30_000;
/** A second name for the OpenAI fake's model, falling back to the Anthropic fake's. */
const LONELY = 'lonely';

let stack: TestStack;
let dataDir: string;

async function ask(key: IssuedKey, prompt: string): Promise<{ cache: string | null; model: string | null }> {
  const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0 });
  const { response } = await client.chat.completions
    .create({ model: LONELY, max_tokens: 20, messages: [{ role: 'user', content: prompt }] })
    .withResponse();
  return { cache: response.headers.get('x-switchyard-cache'), model: response.headers.get('x-switchyard-model') };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-cache-allowlist-'));
  stack = await startStack({
    env: { AUTH_MODE: 'keys', DATA_DIR: dataDir },
    config: (c) => ({
      ...c,
      models: [...c.models, { ...c.models[0], name: LONELY, fallbacks: [MODEL.anthropic] }],
      fallback: { ...c.fallback, max_attempts: 2 },
      cache: { mode: 'exact', ttl: 600, scope: 'team' },
    }),
  });
}, T);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it(
  'never serves a teammate an answer from a fallback model their key may not use',
  async () => {
    const both = await issueKey(stack.gateway, {
      name: 'both',
      team: 'ops',
      allowed_models: [LONELY, MODEL.anthropic],
    });
    const onlyLonely = await issueKey(stack.gateway, { name: 'only-lonely', team: 'ops', allowed_models: [LONELY] });
    const prompt = 'What is the tallest mountain?';
    stack.fakes.openai.script({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } });
    expect(await ask(both, prompt)).toEqual({ cache: 'miss', model: MODEL.anthropic });

    expect(await ask(onlyLonely, prompt)).toEqual({ cache: 'miss', model: LONELY });
    expect(stack.fakes.anthropic.calls).toBe(1);
    // The routed model's own answer is the one the team shares.
    expect(await ask(both, prompt)).toEqual({ cache: 'hit', model: LONELY });
  },
  T,
);

it(
  'says that purging a key reaches only the answers it got while in no team',
  async () => {
    const member = await issueKey(stack.gateway, { name: 'member', team: 'ops' });
    const res = await adminFetch(stack.gateway, '/admin/api/cache/purge', { method: 'POST', body: { key: member.id } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { purged: string }).purged).toContain('no team');
  },
  T,
);
