import { FakeUpstream } from './fake-upstream.js';
import type { FakeOptions, FakeReply, FakeVendor, RecordedRequest } from './fake-upstream.types.js';
import { asArray, asRecord, asString, textOf, type Json } from './fake-json.js';
import { embeddingTexts, fakeEmbedding } from './fake-embedding.js';
import { estimateTokens, type ConversationFacts, type TurnPlanner } from './fake-turn.js';
import { openaiCompletion, openaiEncodeFrame, openaiError, openaiStream } from './openai-frames.js';
import { responsesFacts, responsesObject, responsesStream } from './openai-responses-frames.js';

/** Reads the conversation facts out of a Chat Completions body. */
export function openaiFacts(body: Json): ConversationFacts {
  const messages = asArray(body.messages).map(asRecord);
  // System (and developer) messages may sit anywhere; the last turn is the last other message.
  const last = messages.filter((m) => m.role !== 'system' && m.role !== 'developer').at(-1) ?? {};
  const lastUser = messages.filter((m) => m.role === 'user').at(-1) ?? {};
  const imageCount = messages
    .flatMap((m) => asArray(m.content).map(asRecord))
    .filter((p) => p.type === 'image_url').length;
  const firstTool = asRecord(asArray(body.tools)[0]);
  return {
    lastUserText: textOf(lastUser.content),
    imageCount,
    toolResult: last.role === 'tool' ? textOf(last.content) : undefined,
    firstToolName: asString(asRecord(firstTool.function).name),
  };
}

class OpenAIVendor implements FakeVendor {
  readonly streamContentType = 'text/event-stream';
  readonly encodeFrame = openaiEncodeFrame;
  private serial = 0;

  constructor(private readonly options: FakeOptions) {}

  /** Chat Completions and the Responses API: both are chat requests that scripts apply to. */
  isChat(r: RecordedRequest): boolean {
    return r.method === 'POST' && (r.path === '/v1/chat/completions' || r.path === '/v1/responses');
  }

  rejectAuth(r: RecordedRequest): FakeReply | undefined {
    if (this.options.apiKey === undefined || r.headers.authorization === `Bearer ${this.options.apiKey}`)
      return undefined;
    const sent = r.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const message = `Incorrect API key provided: ${sent.slice(0, 3)}***${sent.slice(-4)}.`;
    return { status: 401, json: openaiError(message, 'invalid_request_error', 'invalid_api_key') };
  }

  answer(r: RecordedRequest, plan: TurnPlanner): FakeReply | undefined {
    if (r.method === 'GET' && r.path === '/v1/models') return { status: 200, json: this.models() };
    if (r.method === 'POST' && r.path === '/v1/embeddings') return this.embeddings(asRecord(r.body));
    if (this.isChat(r) && r.path === '/v1/responses') return this.responses(asRecord(r.body), plan);
    if (this.isChat(r)) return this.chat(asRecord(r.body), plan);
    return undefined;
  }

  /** Floats, or base64 (little-endian float32) when `encoding_format` asks for it, as the real API answers. */
  private embeddings(body: Json): FakeReply {
    const texts = embeddingTexts(body.input);
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined;
    const encode = body.encoding_format === 'base64' ? toBase64 : (vector: number[]) => vector;
    const data = texts.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: encode(fakeEmbedding(text, dimensions)),
    }));
    const tokens = estimateTokens(texts.join(' '));
    return {
      status: 200,
      json: {
        object: 'list',
        data,
        model: asString(body.model),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      },
    };
  }

  notFound(r: RecordedRequest): FakeReply {
    return {
      status: 404,
      json: openaiError(`Unknown request URL: ${r.method} ${r.path}.`, 'invalid_request_error', 'unknown_url'),
    };
  }

  private models() {
    const ids = this.options.models ?? ['gpt-4o-mini'];
    return {
      object: 'list',
      data: ids.map((id) => ({ id, object: 'model', created: 1_686_935_002, owned_by: 'openai' })),
    };
  }

  private responses(body: Json, plan: TurnPlanner): FakeReply {
    this.serial += 1;
    return responsesReply(body, `fake${this.serial}`, plan);
  }

  private chat(body: Json, plan: TurnPlanner): FakeReply {
    if (!Array.isArray(body.messages)) {
      const message = "Missing required parameter: 'messages'.";
      return {
        status: 400,
        json: openaiError(message, 'invalid_request_error', 'missing_required_parameter', 'messages'),
      };
    }
    const turn = plan(openaiFacts(body));
    this.serial += 1;
    const answer = {
      id: `fake${this.serial}`,
      model: asString(body.model) ?? 'unknown',
      turn,
      promptTokens: estimateTokens(body.messages),
      completionTokens: estimateTokens(turn.kind === 'text' ? turn.text : turn.arguments),
      includeUsage: asRecord(body.stream_options).include_usage === true,
    };
    if (body.stream === true) return { status: 200, frames: openaiStream(answer) };
    return { status: 200, json: openaiCompletion(answer) };
  }
}

/** The Responses API answer: a `response` object, or its event stream. */
function responsesReply(body: Json, id: string, plan: TurnPlanner): FakeReply {
  if (body.input === undefined) {
    const message = "Missing required parameter: 'input'.";
    return { status: 400, json: openaiError(message, 'invalid_request_error', 'missing_required_parameter', 'input') };
  }
  const turn = plan(responsesFacts(body));
  const answer = {
    id,
    model: asString(body.model) ?? 'unknown',
    turn,
    inputTokens: estimateTokens(body.input),
    outputTokens: estimateTokens(turn.kind === 'text' ? turn.text : turn.arguments),
  };
  if (body.stream === true) return { status: 200, frames: responsesStream(answer) };
  return { status: 200, json: responsesObject(answer, 'completed') };
}

/** Starts a fake OpenAI; its base URL for SDKs and gateways is `fake.url + '/v1'`. */
export function startOpenAIFake(options: FakeOptions = {}): Promise<FakeUpstream> {
  return FakeUpstream.start(new OpenAIVendor(options));
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
