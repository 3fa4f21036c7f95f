import { FakeUpstream } from './fake-upstream.js';
import type { FakeOptions, FakeReply, FakeVendor, RecordedRequest } from './fake-upstream.types.js';
import { asArray, asRecord, asString, textOf, type Json } from './fake-json.js';
import { embeddingTexts, fakeEmbedding } from './fake-embedding.js';
import { estimateTokens, type ConversationFacts, type TurnPlanner } from './fake-turn.js';
import { ollamaEncodeFrame, ollamaResponse, ollamaStream } from './ollama-frames.js';

/** Reads the conversation facts out of an `/api/chat` body; images are raw base64 in `images`. */
export function ollamaFacts(body: Json): ConversationFacts {
  const messages = asArray(body.messages).map(asRecord);
  // System (and developer) messages may sit anywhere; the last turn is the last other message.
  const last = messages.filter((m) => m.role !== 'system' && m.role !== 'developer').at(-1) ?? {};
  const lastUser = messages.filter((m) => m.role === 'user').at(-1) ?? {};
  return {
    lastUserText: textOf(lastUser.content),
    imageCount: messages.reduce((n, m) => n + asArray(m.images).length, 0),
    toolResult: last.role === 'tool' ? textOf(last.content) : undefined,
    firstToolName: asString(asRecord(asRecord(asArray(body.tools)[0]).function).name),
  };
}

class OllamaVendor implements FakeVendor {
  readonly streamContentType = 'application/x-ndjson';
  readonly encodeFrame = ollamaEncodeFrame;
  private serial = 0;

  constructor(private readonly options: FakeOptions) {}

  isChat(r: RecordedRequest): boolean {
    return r.method === 'POST' && r.path === '/api/chat';
  }

  /** Ollama itself has no auth; a configured key is only checked when the test asks for it. */
  rejectAuth(r: RecordedRequest): FakeReply | undefined {
    if (this.options.apiKey === undefined || r.headers.authorization === `Bearer ${this.options.apiKey}`)
      return undefined;
    return { status: 401, json: { error: 'unauthorized' } };
  }

  answer(r: RecordedRequest, plan: TurnPlanner): FakeReply | undefined {
    if (r.method === 'GET' && r.path === '/api/tags') return { status: 200, json: this.tags() };
    if (r.method === 'GET' && r.path === '/api/version') return { status: 200, json: { version: '0.12.6' } };
    if (r.method === 'POST' && r.path === '/api/embed') return this.embed(asRecord(r.body));
    if (r.method === 'POST' && r.path === '/api/show') return this.show(asString(asRecord(r.body).model) ?? '');
    if (this.isChat(r)) return this.chat(asRecord(r.body), plan);
    return undefined;
  }

  private embed(body: Json): FakeReply {
    const texts = embeddingTexts(body.input);
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined;
    return {
      status: 200,
      json: {
        model: asString(body.model),
        embeddings: texts.map((text) => fakeEmbedding(text, dimensions)),
        total_duration: 14_143_917,
        load_duration: 1_019_500,
        prompt_eval_count: estimateTokens(texts.join(' ')),
      },
    };
  }

  /** A listed model's details, with its capabilities as Ollama names them; any other is not found. */
  private show(model: string): FakeReply {
    if (!(this.options.models ?? ['llama3.2:latest']).includes(model))
      return { status: 404, json: { error: `model '${model}' not found` } };
    const capabilities = this.options.capabilities?.[model] ?? ['completion'];
    return { status: 200, json: { details: { format: 'gguf', family: 'llama' }, model_info: {}, capabilities } };
  }

  notFound(): FakeReply {
    return { status: 404, json: { error: '404 page not found' } };
  }

  private tags() {
    const names = this.options.models ?? ['llama3.2:latest'];
    const details = {
      parent_model: '',
      format: 'gguf',
      family: 'llama',
      families: ['llama'],
      parameter_size: '3.2B',
      quantization_level: 'Q4_K_M',
    };
    const models = names.map((name) => ({
      name,
      model: name,
      modified_at: '2025-09-01T10:00:00Z',
      size: 2_019_393_189,
      digest: 'a80c4f17acd5',
      details,
    }));
    return { models };
  }

  private chat(body: Json, plan: TurnPlanner): FakeReply {
    const model = asString(body.model);
    if (!model) return { status: 400, json: { error: 'model is required' } };
    const turn = plan(ollamaFacts(body));
    this.serial += 1;
    const answer = {
      id: `fake${this.serial}`,
      model,
      turn,
      promptEvalCount: estimateTokens(body.messages),
      evalCount: estimateTokens(turn.kind === 'text' ? turn.text : turn.arguments),
    };
    // Ollama streams unless the request says `stream: false`.
    if (body.stream === false) return { status: 200, json: ollamaResponse(answer) };
    return { status: 200, frames: ollamaStream(answer) };
  }
}

/** Starts a fake Ollama; its base URL (no `/v1`) is `fake.url`. */
export function startOllamaFake(options: FakeOptions = {}): Promise<FakeUpstream> {
  return FakeUpstream.start(new OllamaVendor(options));
}
