import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { MODEL, startStack, type TestStack } from '../support/test-stack.js';
import { adminFetch, eventually } from '../admin/admin-client.js';
import { issueKey, type IssuedKey } from './key-admin.js';

/** The response cache with client keys on: each key sees only the answers its own requests stored. */

const T = 30_000;

let stack: TestStack;
let dataDir: string;
let alice: IssuedKey;
let bob: IssuedKey;

async function ask(
  key: IssuedKey,
  prompt: string,
  model: string = MODEL.openai,
): Promise<{ cache: string | null; text: string }> {
  const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0 });
  const { data, response } = await client.chat.completions
    .create({ model, max_tokens: 20, messages: [{ role: 'user', content: prompt }] })
    .withResponse();
  return { cache: response.headers.get('x-switchyard-cache'), text: data.choices[0]?.message.content ?? '' };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-cache-keys-'));
  stack = await startStack({
    env: { AUTH_MODE: 'keys', DATA_DIR: dataDir },
    config: (c) => ({ ...c, cache: { mode: 'exact', ttl: 600 } }),
  });
  alice = await issueKey(stack.gateway, { name: 'alice', team: 'research' });
  bob = await issueKey(stack.gateway, { name: 'bob', team: 'research' });
}, T);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => stack.reset());

it(
  'serves a key its own stored answer, and never another key’s',
  async () => {
    const prompt = 'Which planet has the most moons?';
    const first = await ask(alice, prompt);
    expect(first.cache).toBe('miss');
    expect(await ask(alice, prompt)).toEqual({ cache: 'hit', text: first.text });
    expect(stack.fakes.openai.calls).toBe(1);

    // The same question from another key of the same team goes upstream: the default scope is the key.
    expect((await ask(bob, prompt)).cache).toBe('miss');
    expect(stack.fakes.openai.calls).toBe(2);
    expect((await ask(bob, prompt)).cache).toBe('hit');
    expect(stack.fakes.openai.calls).toBe(2);
  },
  T,
);

it(
  "adds nothing to the key's spend for an answer served from the cache",
  async () => {
    const carol = await issueKey(stack.gateway, { name: 'carol' });
    const prompt = 'How far is the Moon?';
    expect((await ask(carol, prompt)).cache).toBe('miss');
    expect((await ask(carol, prompt)).cache).toBe('hit');
    // Spend is written about once a second, all of it at once: once this later answer is there, so is the hit.
    await ask(carol, 'And the Sun?', MODEL.mock);
    const rows = await eventually('the later answer in the spend', async () => {
      const res = await adminFetch(stack.gateway, `/admin/api/keys/spend?key=${carol.id}`);
      const spent = (await res.json()) as { model: string; requests: number; tokensIn: number }[];
      return spent.some((r) => r.model === MODEL.mock) ? spent : undefined;
    });
    const answered = rows.find((r) => r.model === MODEL.openai);
    expect(answered?.requests).toBe(1);
  },
  T,
);

it(
  'refuses to purge a team when answers are kept by key, naming the field, rather than purge nothing',
  async () => {
    const res = await adminFetch(stack.gateway, '/admin/api/cache/purge', {
      method: 'POST',
      body: { team: 'research' },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('team');
  },
  T,
);
