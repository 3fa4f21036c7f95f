import { FakeUpstream } from './fake-upstream.js';
import type { FakeOptions, FakeReply, FakeVendor, RecordedRequest } from './fake-upstream.types.js';
import { asArray, asNumber, asRecord, asString, textOf, type Json } from './fake-json.js';
import { estimateTokens, type ConversationFacts, type TurnPlanner } from './fake-turn.js';
import { anthropicEncodeFrame, anthropicError, anthropicMessage, anthropicStream } from './anthropic-frames.js';

/** Reads the conversation facts out of a Messages API body. */
export function anthropicFacts(body: Json): ConversationFacts {
  const messages = asArray(body.messages).map(asRecord);
  const blocksOf = (m: Json) => asArray(m.content).map(asRecord);
  // A mid-conversation system message (Claude Code puts one after the user turn) is not a turn.
  const last = messages.filter((m) => m.role !== 'system').at(-1) ?? {};
  const result = blocksOf(last).find((b) => b.type === 'tool_result');
  const lastUser =
    messages.filter((m) => m.role === 'user' && !blocksOf(m).some((b) => b.type === 'tool_result')).at(-1) ?? {};
  const imageCount = messages.flatMap(blocksOf).filter((b) => b.type === 'image').length;
  return {
    lastUserText: textOf(lastUser.content),
    imageCount,
    toolResult: last.role === 'user' && result ? textOf(result.content) : undefined,
    firstToolName: asString(asRecord(asArray(body.tools)[0]).name),
  };
}

class AnthropicVendor implements FakeVendor {
  readonly streamContentType = 'text/event-stream';
  readonly encodeFrame = anthropicEncodeFrame;
  private serial = 0;

  constructor(private readonly options: FakeOptions) {}

  isChat(r: RecordedRequest): boolean {
    return r.method === 'POST' && r.path === '/v1/messages';
  }

  /** Accepts the key as `x-api-key` or as a Bearer token, as the API does. */
  rejectAuth(r: RecordedRequest): FakeReply | undefined {
    const key = this.options.apiKey;
    if (key === undefined || r.headers['x-api-key'] === key || r.headers.authorization === `Bearer ${key}`)
      return undefined;
    return { status: 401, json: anthropicError('authentication_error', 'invalid x-api-key') };
  }

  answer(r: RecordedRequest, plan: TurnPlanner): FakeReply | undefined {
    const body = asRecord(r.body);
    if (r.method === 'GET' && r.path === '/v1/models') return { status: 200, json: this.models() };
    if (r.method !== 'POST') return undefined;
    if (r.path === '/v1/messages/count_tokens')
      return this.versioned(r) ?? { status: 200, json: { input_tokens: countInput(body) } };
    if (this.isChat(r)) return this.versioned(r) ?? this.chat(body, plan);
    return undefined;
  }

  notFound(): FakeReply {
    return { status: 404, json: anthropicError('not_found_error', 'Not found') };
  }

  private versioned(r: RecordedRequest): FakeReply | undefined {
    if (r.headers['anthropic-version']) return undefined;
    return { status: 400, json: anthropicError('invalid_request_error', 'anthropic-version: header is required') };
  }

  private models() {
    const ids = this.options.models ?? ['claude-sonnet-4-5'];
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' }));
    return { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null };
  }

  private chat(body: Json, plan: TurnPlanner): FakeReply {
    const invalid = validate(body);
    if (invalid) return { status: 400, json: anthropicError('invalid_request_error', invalid) };
    const turn = plan(anthropicFacts(body));
    this.serial += 1;
    const answer = {
      id: `fake${this.serial}`,
      model: asString(body.model) ?? 'unknown',
      turn,
      inputTokens: countInput(body),
      outputTokens: estimateTokens(turn.kind === 'text' ? turn.text : turn.arguments),
    };
    if (body.stream === true) return { status: 200, frames: anthropicStream(answer) };
    return { status: 200, json: anthropicMessage(answer) };
  }
}

function validate(body: Json): string | undefined {
  if (asNumber(body.max_tokens) === undefined) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  return undefined;
}

function countInput(body: Json): number {
  return estimateTokens([body.system ?? '', body.messages ?? [], body.tools ?? []]);
}

/** Starts a fake Anthropic; its base URL (no `/v1`) is `fake.url`. */
export function startAnthropicFake(options: FakeOptions = {}): Promise<FakeUpstream> {
  return FakeUpstream.start(new AnthropicVendor(options));
}
