import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { systemClock } from '#src/core/clock.js';
import type { Clock } from '#src/core/clock.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { parseSseStream } from '#src/core/sse.js';
import type { ProviderAdapter, ProviderHealth, UpstreamCall, UpstreamModel } from '#src/providers/provider.types.js';
import { UpstreamHttp } from '#src/providers/shared/upstream-http.js';
import type { Deadlines, UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import { keepingOriginal, readJson, readJsonText } from '#src/providers/shared/upstream-response.js';
import { upstreamUrl } from '#src/providers/shared/upstream-url.js';
import { fromAnthropicError, parseAnthropicErrorText } from './anthropic.error.mapper.js';
import { toAnthropicHeaders } from './anthropic.headers.js';
import { toAnthropicPassthroughBody } from './anthropic.passthrough.mapper.js';
import { toAnthropicRequest } from './anthropic.request.mapper.js';
import { fromAnthropicMessage } from './anthropic.response.mapper.js';
import { AnthropicStreamDecoder } from './anthropic.stream.mapper.js';
import type { AnthropicModelList } from './anthropic.wire.types.js';

export interface AnthropicAdapterOptions {
  http?: UpstreamHttp;
  clock?: Clock;
}

/** Health is a cheap models call, cached so that dashboards polling it never load the upstream. */
const HEALTH_TTL_MS = 30_000;
const HEALTH_DEADLINES: Deadlines = { firstByteMs: 5_000, idleMs: 5_000, totalMs: 5_000 };
const MODELS_DEADLINES: Deadlines = { firstByteMs: 15_000, idleMs: 15_000, totalMs: 30_000 };

/** Claude through the Anthropic Messages API (`${baseUrl}/v1/messages`). */
export class AnthropicAdapter implements ProviderAdapter {
  readonly kind = 'anthropic' as const;
  private readonly http: UpstreamHttp;
  private readonly clock: Clock;
  private healthCache: { at: number; value: Promise<ProviderHealth> } | undefined;

  constructor(
    readonly config: ProviderConfig,
    options: AnthropicAdapterOptions = {},
  ) {
    this.http = options.http ?? new UpstreamHttp();
    this.clock = options.clock ?? systemClock;
  }

  async *chat(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatEvent> {
    this.assertConfigured();
    const options = { model: call.upstreamModel, maxOutputTokens: this.config.maxOutputTokens };
    const relay = this.relays(request);
    const body = relay ? toAnthropicPassthroughBody(request, options) : toAnthropicRequest(request, options);
    const res = await this.http.send({
      url: upstreamUrl(this.config.baseUrl, '/v1/messages'),
      headers: toAnthropicHeaders(this.config, request.source.forwardHeaders),
      body: JSON.stringify(body),
      signal: call.signal,
      abort: call.abort,
      deadlines: call.deadlines,
      limits: call.limits,
      provider: this.config.name,
    });
    try {
      await this.assertOk(res);
      if (request.stream) yield* this.decodeStream(res);
      else yield* await this.decodeMessage(res, relay);
    } finally {
      // Releases the socket when the consumer stops early or anything above threw.
      res.discard();
    }
  }

  relays(request: ChatRequest): boolean {
    return request.source.shape === 'anthropic';
  }

  async listModels(): Promise<UpstreamModel[]> {
    return this.fetchModels(MODELS_DEADLINES);
  }

  health(): Promise<ProviderHealth> {
    const now = this.clock.now();
    if (!this.config.configured) return Promise.resolve({ status: 'unconfigured', checkedAt: now });
    if (this.healthCache && now - this.healthCache.at < HEALTH_TTL_MS) return this.healthCache.value;
    const value = this.fetchModels(HEALTH_DEADLINES).then(
      (): ProviderHealth => ({ status: 'up', checkedAt: now }),
      (err: unknown): ProviderHealth => ({
        status: 'down',
        detail: err instanceof Error ? err.message : 'unreachable',
        checkedAt: now,
      }),
    );
    this.healthCache = { at: now, value };
    return value;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private assertConfigured(): void {
    if (!this.config.configured) {
      throw new GatewayError('unavailable', `The provider "${this.config.name}" has no API key configured`, {
        provider: this.config.name,
      });
    }
  }

  private async assertOk(res: UpstreamResponse): Promise<void> {
    if (res.status >= 200 && res.status < 300) return;
    const info = parseAnthropicErrorText(await res.text());
    throw fromAnthropicError(res.status, info, res.headers, this.config.name);
  }

  private async *decodeStream(res: UpstreamResponse): AsyncGenerator<ChatEvent> {
    const decoder = new AnthropicStreamDecoder(this.config.name);
    for await (const frame of parseSseStream(res.body)) yield* decoder.push(frame);
    decoder.end();
  }

  /** A Messages client gets this upstream's own JSON back (see `OriginalAnswer`). */
  private async decodeMessage(res: UpstreamResponse, keepOriginal: boolean): Promise<ChatEvent[]> {
    const { value, text } = await readJsonText(res, this.config.name);
    return keepingOriginal(fromAnthropicMessage(value), keepOriginal ? { shape: 'anthropic', json: text } : undefined);
  }

  private async fetchModels(deadlines: Deadlines): Promise<UpstreamModel[]> {
    const res = await this.http.send({
      url: upstreamUrl(this.config.baseUrl, '/v1/models?limit=1000'),
      method: 'GET',
      headers: toAnthropicHeaders(this.config, {}),
      signal: new AbortController().signal,
      deadlines,
      provider: this.config.name,
    });
    try {
      await this.assertOk(res);
      const list = (await readJson(res, this.config.name)) as Partial<AnthropicModelList> | null;
      const data = Array.isArray(list?.data) ? list.data : [];
      return data.filter((m) => typeof m?.id === 'string').map((m) => ({ id: m.id }));
    } finally {
      res.discard();
    }
  }
}
