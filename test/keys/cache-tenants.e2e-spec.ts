import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { MODEL, startStack, type TestStack } from '../support/test-stack.js';
import { issueKey, type IssuedKey } from './key-admin.js';

/** The response cache with client keys on: each key sees only the answers its own requests stored. */

const T = 30_000;

let stack: TestStack;
let dataDir: string;
let alice: IssuedKey;
let bob: IssuedKey;

async function ask(key: IssuedKey, prompt: string): Promise<{ cache: string | null; text: string }> {
  const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0 });
  const { data, response } = await client.chat.completions
    .create({ model: MODEL.openai, max_tokens: 20, messages: [{ role: 'user', content: prompt }] })
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
