import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { asRecord } from '../fakes/fake-json.js';
import { anthropicClient, openaiClient } from '../support/sdk-clients.js';
import { UPSTREAM_KEY } from '../support/fake-providers.js';
import {
  MODEL,
  PROVIDER,
  startStack,
  UPSTREAM_MODEL,
  type Fakes,
  type StackConfig,
  type TestStack,
} from '../support/test-stack.js';

/**
 * Files a vendor stores for the account, named by id, and Anthropic's custom content documents:
 * the vendor's own models get them as sent; another vendor's model cannot read a stored file, and
 * the client is told so in its own dialect, naming the field.
 */

const T = 20_000;

/**
 * A model served by the OpenAI fake both over Chat Completions and the Responses API; the Chat
 * Completions deployment is so much heavier that it is balanced first all but once in a thousand.
 */
const BOTH_APIS = 'fake-openai-both-apis';

function withBothApis(config: StackConfig, fakes: Fakes): StackConfig {
  const responses = {
    type: 'openai',
    base_url: `${fakes.openai.url}/v1`,
    api_key: UPSTREAM_KEY,
    wire_api: 'responses',
    stored_files: true,
  };
  const model: object = {
    name: BOTH_APIS,
    deployments: [
      { provider: PROVIDER.openai, upstream_model: UPSTREAM_MODEL.openai, weight: 1000 },
      { provider: 'openai-responses-fake', upstream_model: UPSTREAM_MODEL.openai, weight: 1 },
    ],
    capabilities: ['vision'],
  };
  return {
    ...config,
    providers: { ...config.providers, 'openai-responses-fake': responses },
    models: [...config.models, model],
  } as StackConfig;
}

const ANTHROPIC_FILE = 'file_011CNha8iCJcU1wXNR6q4V8w';
const OPENAI_FILE = 'file-6F2ksmvXxt4VdoqmHRw6kL';

const claudeContent = [
  { type: 'text' as const, text: 'Compare the chart with the report.' },
  { type: 'image' as const, source: { type: 'file' as const, file_id: ANTHROPIC_FILE } },
  { type: 'document' as const, title: 'Q3', source: { type: 'file' as const, file_id: ANTHROPIC_FILE } },
];

const contentDocument = {
  type: 'document' as const,
  title: 'Notes',
  source: {
    type: 'content' as const,
    content: [
      { type: 'text' as const, text: 'Revenue rose.' },
      { type: 'text' as const, text: 'Costs fell.' },
    ],
  },
};

async function refusal(
  call: Promise<unknown>,
): Promise<InstanceType<typeof Anthropic.APIError> | InstanceType<typeof OpenAI.APIError>> {
  const err: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (err instanceof Anthropic.APIError || err instanceof OpenAI.APIError) return err;
  throw new Error(`expected an API error, got ${String(err)}`);
}

describe('stored files and content documents', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ config: withBothApis });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it(
    'reach an Anthropic upstream from the Anthropic SDK exactly as sent',
    async () => {
      const client = anthropicClient(stack.gateway.url, { 'anthropic-beta': 'files-api-2025-04-14' });
      const messages = [{ role: 'user' as const, content: [...claudeContent, contentDocument] }];
      const answer = await client.messages.create({ model: MODEL.anthropic, max_tokens: 256, messages });
      expect(answer.type).toBe('message');
      const seen = stack.fakes.anthropic.lastChat();
      expect(seen.headers['anthropic-beta']).toBe('files-api-2025-04-14');
      const body = asRecord(seen.body);
      expect(body.model).toBe(UPSTREAM_MODEL.anthropic);
      expect(JSON.stringify(body.messages)).toBe(JSON.stringify(messages));
    },
    T,
  );

  it(
    "refuse an Anthropic file sent to another vendor's model, in Anthropic's shape, naming the source",
    async () => {
      const client = anthropicClient(stack.gateway.url);
      const messages = [{ role: 'user' as const, content: claudeContent }];
      const err = await refusal(client.messages.create({ model: MODEL.openai, max_tokens: 256, messages }));
      expect(err.status).toBe(400);
      expect(err.error).toMatchObject({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: expect.stringMatching(/^messages\.0\.content\.1\.source: .*files stored with Anthropic/),
        },
      });
      expect(stack.fakes.openai.calls).toBe(0);
    },
    T,
  );

  it(
    'translate a content document of text for an OpenAI upstream as its text',
    async () => {
      const client = anthropicClient(stack.gateway.url);
      const messages = [{ role: 'user' as const, content: [contentDocument] }];
      await client.messages.create({ model: MODEL.openai, max_tokens: 256, messages });
      const body = asRecord(stack.fakes.openai.lastChat().body);
      expect(body.messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Revenue rose.' },
            { type: 'text', text: 'Costs fell.' },
          ],
        },
      ]);
    },
    T,
  );

  it(
    'reach an OpenAI upstream from the OpenAI SDK with the file_id as sent',
    async () => {
      const client = openaiClient(stack.gateway.url);
      const content = [
        { type: 'text' as const, text: 'Summarise it.' },
        { type: 'file' as const, file: { file_id: OPENAI_FILE } },
      ];
      await client.chat.completions.create({ model: MODEL.openai, messages: [{ role: 'user', content }] });
      const body = asRecord(stack.fakes.openai.lastChat().body);
      expect(body.messages).toEqual([{ role: 'user', content }]);
    },
    T,
  );

  it(
    "refuse an OpenAI file sent to another vendor's model, in OpenAI's shape, naming the field",
    async () => {
      const client = openaiClient(stack.gateway.url);
      const content = [{ type: 'file' as const, file: { file_id: OPENAI_FILE } }];
      const err = await refusal(
        client.chat.completions.create({ model: MODEL.anthropic, messages: [{ role: 'user', content }] }),
      );
      expect(err.status).toBe(400);
      expect(err.error).toMatchObject({
        type: 'invalid_request_error',
        param: 'messages[0].content[0].file.file_id',
        message: expect.stringContaining('files stored with OpenAI'),
      });
      expect(stack.fakes.anthropic.calls).toBe(0);
    },
    T,
  );

  it(
    "take an OpenAI image by file_id to the model's deployment on the Responses API, whichever comes first",
    async () => {
      const client = openaiClient(stack.gateway.url);
      const input = [
        {
          role: 'user' as const,
          content: [
            { type: 'input_text' as const, text: 'What is in it?' },
            { type: 'input_image' as const, file_id: OPENAI_FILE, detail: 'auto' as const },
          ],
        },
      ];
      // Its Chat Completions deployment is balanced first (short of a chance in a billion, at least once in three).
      for (let i = 0; i < 3; i++) {
        const answer = await client.responses.create({ model: BOTH_APIS, input });
        expect(answer.status).toBe('completed');
      }
      const seen = stack.fakes.openai.chatRequests;
      expect(seen.map((r) => r.path)).toEqual(Array(3).fill('/v1/responses'));
      expect(JSON.stringify(asRecord(seen[0].body).input)).toContain(`"file_id":"${OPENAI_FILE}"`);
    },
    T,
  );

  it(
    "refuse an OpenAI image by file_id for a model only on Chat Completions, in OpenAI's shape, naming the field",
    async () => {
      const client = openaiClient(stack.gateway.url);
      const content = [{ type: 'input_image' as const, file_id: OPENAI_FILE, detail: 'auto' as const }];
      const err = await refusal(client.responses.create({ model: MODEL.openai, input: [{ role: 'user', content }] }));
      expect(err.status).toBe(400);
      expect(err.error).toMatchObject({
        type: 'invalid_request_error',
        param: 'input[0].content[0].file_id',
        message: expect.stringContaining('Responses API'),
      });
      expect(stack.fakes.openai.calls).toBe(0);
    },
    T,
  );
});
