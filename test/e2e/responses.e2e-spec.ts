import { asRecord } from '../fakes/fake-json.js';
import { openaiEncodeFrame } from '../fakes/openai-frames.js';
import { responsesFailedStream, responsesObject, responsesStream } from '../fakes/openai-responses-frames.js';
import { codexOutcome } from '../support/codex-stream.js';
import { anthropicDriver } from '../support/dialects/anthropic-driver.js';
import { TOOL_RESULT } from '../support/dialects/dialect-driver.js';
import { openaiDriver } from '../support/dialects/openai-driver.js';
import { responsesDriver } from '../support/dialects/responses-driver.js';
import { EXPECTED_IMAGE, imagesSeen } from '../support/recorded-upstream.js';
import { postRaw } from '../support/requests.js';
import {
  FAKE_CASES,
  MODEL,
  startStack,
  UPSTREAM_MODEL,
  withResponsesModel,
  type TestStack,
} from '../support/test-stack.js';

/**
 * The Responses API (`POST /v1/responses`) through the official SDK's `responses.create` and
 * `responses.stream`: translated for every fake upstream, relayed byte for byte to an OpenAI-type
 * provider configured with `wire_api: responses`, which other clients reach translated.
 */

const T = 20_000;
const cases = FAKE_CASES.flatMap((provider) => [false, true].map((stream) => ({ provider, stream })));
/** A model on the OpenAI fake, behind a provider that speaks the Responses API to it. */
const RESPONSES_MODEL = 'fake-openai-responses';

/** What Codex CLI sends, plus an item type, a part type, a tool and a field no version of the API has yet. */
function codexBody(model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model,
    instructions: 'You are a coding agent.',
    input: [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Workspace: /repo' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files' }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA-opaque' },
      { type: 'hologram_call', id: 'hc_1', frames: [1, 2, 3] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'quickly' }, { type: 'input_smell' }] },
    ],
    tools: [
      { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: {} }, strict: false },
      {
        type: 'namespace',
        name: 'multi_agent_v1',
        description: 'Agents',
        tools: [{ type: 'function', name: 'spawn', parameters: { type: 'object' } }],
      },
      { type: 'web_search', search_context_size: 'low' },
    ],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    reasoning: { effort: 'medium', summary: 'auto' },
    store: false,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: 'thread-1',
    client_metadata: { originator: 'codex_exec' },
    future_field: { nested: ['kept', 'as', 'sent'] },
    ...extra,
  };
}

function post(stack: TestStack, body: unknown): Promise<Response> {
  return postRaw(stack.gateway.url, '/v1/responses', JSON.stringify(body), { authorization: 'Bearer client-key' });
}

describe('Responses API clients', () => {
  let stack: TestStack;
  const driver = () => responsesDriver(stack.gateway.url);

  beforeAll(async () => {
    stack = await startStack({ config: withResponsesModel(RESPONSES_MODEL) });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each(cases)('→ $provider upstream (translated), stream=$stream', ({ provider, stream }) => {
    it(
      'answers with the upstream’s text',
      async () => {
        const prompt = `hello from responses to ${provider}`;
        expect(await driver().ask(MODEL[provider], prompt, stream)).toBe(`echo: ${prompt}`);
        expect(stack.fakes[provider].calls).toBe(1);
      },
      T,
    );

    it(
      'carries a function call out and its output back in',
      async () => {
        const outcome = await driver().toolRoundTrip(MODEL[provider], stream);
        expect(outcome.arguments).toEqual({ city: 'Oslo' });
        expect(outcome.finalText).toContain(`tool said: ${TOOL_RESULT}`);
        expect(stack.fakes[provider].calls).toBe(2);
      },
      T,
    );

    it(
      'delivers an input image in the upstream’s own format',
      async () => {
        const text = await driver().askWithImage(MODEL[provider], 'what is this?', stream);
        expect(imagesSeen(provider, stack.fakes[provider].lastChat())).toEqual([EXPECTED_IMAGE[provider]]);
        expect(text).toBe('echo: what is this? [images: 1]');
      },
      T,
    );
  });

  it(
    'tells a translated request what the upstream never saw, and answers a Codex-shaped body',
    async () => {
      const res = await post(stack, codexBody(MODEL.anthropic));
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-warnings')).toBe(
        [
          "input[2]: item type 'reasoning' dropped",
          "input[3]: item type 'hologram_call' dropped",
          "input[4].content[1]: part type 'input_smell' dropped",
          'tools[2]: web_search tool left out',
        ].join('; '),
      );
      const tools = asRecord(stack.fakes.anthropic.lastChat().body).tools as Array<Record<string, unknown>>;
      expect(tools.map((t) => t.name)).toEqual(['exec_command', 'multi_agent_v1__spawn']);
    },
    T,
  );

  it(
    'answers a previous_response_id it cannot resolve with OpenAI’s own 400',
    async () => {
      const res = await post(stack, { model: MODEL.openai, input: 'and then?', previous_response_id: 'resp_gone' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          message: "Previous response with id 'resp_gone' not found.",
          type: 'invalid_request_error',
          param: 'previous_response_id',
          code: 'previous_response_not_found',
        },
      });
      expect(stack.fakes.openai.calls).toBe(0);
    },
    T,
  );

  describe('to a provider with wire_api: responses', () => {
    it(
      'relays the body with only the model changed, unknown items, parts, tools and fields intact',
      async () => {
        const res = await post(stack, codexBody(RESPONSES_MODEL));
        expect(res.status).toBe(200);
        const seen = stack.fakes.openai.lastChat();
        expect(seen.path).toBe('/v1/responses');
        expect(seen.body).toEqual(codexBody(UPSTREAM_MODEL.openai));
        expect(res.headers.get('x-switchyard-warnings')).toBeNull();
        expect(res.headers.get('x-switchyard-provider')).toBe('openai-responses-fake');
      },
      T,
    );

    it(
      'leaves a previous_response_id for the upstream to resolve',
      async () => {
        const res = await post(stack, { model: RESPONSES_MODEL, input: 'and then?', previous_response_id: 'resp_up' });
        expect(res.status).toBe(200);
        expect(asRecord(stack.fakes.openai.lastChat().body).previous_response_id).toBe('resp_up');
      },
      T,
    );

    it(
      'relays the upstream’s 404 for a previous_response_id it cannot resolve, and keeps the deployment in rotation',
      async () => {
        // The id holds the upstream model's name, as a client may choose: the 404 is still the client's.
        const id = `resp_${UPSTREAM_MODEL.openai}`;
        const said = `Previous response with id '${id}' not found.`;
        const error = {
          message: said,
          type: 'invalid_request_error',
          param: 'previous_response_id',
          code: 'previous_response_not_found',
        };
        stack.fakes.openai.script({ status: 404, json: { error } });
        const res = await post(stack, {
          model: RESPONSES_MODEL,
          input: 'and then?',
          previous_response_id: id,
        });
        expect(res.status).toBe(404);
        expect(asRecord(asRecord(await res.json()).error).message).toBe(said);

        // The client named the response: the deployment that answered is not benched for it.
        const next = await post(stack, { model: RESPONSES_MODEL, input: 'hello again' });
        expect(next.status).toBe(200);
        expect(next.headers.get('x-switchyard-provider')).toBe('openai-responses-fake');
        expect(stack.fakes.openai.calls).toBe(2);
      },
      T,
    );

    it(
      'hands back the upstream’s JSON byte for byte',
      async () => {
        const answer = { id: 'rich', model: UPSTREAM_MODEL.openai, turn: { kind: 'text' as const, text: 'Bonjour' } };
        const json = {
          ...responsesObject({ ...answer, inputTokens: 7, outputTokens: 2 }, 'completed'),
          billing: { payer: 'developer' },
        };
        const raw = JSON.stringify(json, null, 1);
        stack.fakes.openai.script({ raw, contentType: 'application/json' });
        const res = await post(stack, codexBody(RESPONSES_MODEL));
        expect(await res.text()).toBe(raw);
      },
      T,
    );

    it(
      'hands back the upstream’s stream frame for frame',
      async () => {
        const answer = {
          id: 'rich',
          model: UPSTREAM_MODEL.openai,
          turn: { kind: 'text' as const, text: 'Bonjour tout le monde' },
        };
        const frames = responsesStream({ ...answer, inputTokens: 7, outputTokens: 4 }).map((f, i) =>
          i === 2 ? { ...f, data: { ...asRecord(f.data), obfuscation: 'x9' } } : f,
        );
        stack.fakes.openai.script({ frames });
        const res = await post(stack, codexBody(RESPONSES_MODEL, { stream: true }));
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        expect(await res.text()).toBe(frames.map(openaiEncodeFrame).join(''));
      },
      T,
    );

    it.each([
      [
        'context_length_exceeded',
        'Your input exceeds the context window of this model. Please adjust your input and try again.',
        undefined,
      ],
      ['rate_limit_exceeded', 'Rate limit reached for gpt-5 on tokens per min. Please try again in 1.898s.', 1898],
    ])(
      'ends a stream the upstream failed with %s so Codex reads its code and wait, not a stream closed early',
      async (code, message, retryAfterMs) => {
        stack.fakes.openai.script({ frames: responsesFailedStream(UPSTREAM_MODEL.openai, { code, message }) });
        const res = await post(stack, codexBody(RESPONSES_MODEL, { stream: true }));
        expect(await codexOutcome(res)).toEqual({ ended: 'failed', code, retryAfterMs });
      },
      T,
    );

    it.each([false, true])(
      'serves the SDK’s text and function-tool round trip when relayed, stream=%s',
      async (stream) => {
        expect(await driver().ask(RESPONSES_MODEL, 'relayed', stream)).toBe('echo: relayed');
        const outcome = await driver().toolRoundTrip(RESPONSES_MODEL, stream);
        expect(outcome).toEqual({ arguments: { city: 'Oslo' }, finalText: `tool said: ${TOOL_RESULT}` });
        expect(stack.fakes.openai.chatRequests.map((r) => r.path)).toEqual(Array(3).fill('/v1/responses'));
      },
      T,
    );

    it.each([false, true])(
      'translates Chat Completions and Anthropic clients to the Responses API, stream=%s',
      async (stream) => {
        expect(await openaiDriver(stack.gateway.url).ask(RESPONSES_MODEL, 'from chat', stream)).toBe('echo: from chat');
        const outcome = await anthropicDriver(stack.gateway.url).toolRoundTrip(RESPONSES_MODEL, stream);
        expect(outcome).toEqual({ arguments: { city: 'Oslo' }, finalText: `tool said: ${TOOL_RESULT}` });
        const last = asRecord(stack.fakes.openai.lastChat().body);
        expect(stack.fakes.openai.lastChat().path).toBe('/v1/responses');
        expect(last).toMatchObject({ model: UPSTREAM_MODEL.openai, store: false });
        expect((last.input as unknown[]).map((i) => asRecord(i).type)).toEqual([
          'message',
          'function_call',
          'function_call_output',
        ]);
      },
      T,
    );
  });
});
