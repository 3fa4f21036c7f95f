import { AbortLatch } from '#src/core/abort-latch.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import type { Clock } from '#src/core/clock.js';
import type { SentRequest } from './classify-status.js';
import type { Deadlines, UpstreamHttp, UpstreamResponse } from './upstream-http.js';
import { classifyErrorBody, ensureOk, type ErrorClassifier } from './upstream-response.js';
import { upstreamUrl } from './upstream-url.js';

/** What an adapter needs from outside; its factory supplies the defaults. */
export interface ProviderDeps {
  http?: UpstreamHttp;
  clock?: Clock;
}

/** What a call that wants one JSON document accepts; its answer is read whole (see `UpstreamRequest.whole`). */
const JSON_ACCEPT = 'application/json';

/** Model lists and embeddings, read whole: `totalMs` bounds each call (see `Deadlines`). */
export const LIST_DEADLINES: Deadlines = { firstByteMs: 10_000, idleMs: 10_000, totalMs: 15_000 };
/** Health must answer quickly: a slow upstream is as good as down for routing. */
export const HEALTH_DEADLINES: Deadlines = { firstByteMs: 5_000, idleMs: 5_000, totalMs: 5_000 };

/** How a vendor's API is spoken beyond HTTP itself: its request headers and its error bodies. */
export interface UpstreamDialect {
  /**
   * Every request's headers: content type, the operator's static headers and the account's
   * credentials; `forward` holds a relayed client's own headers meant for the upstream.
   */
  headers(config: ProviderConfig, accept: string, forward: Record<string, string>): Record<string, string>;
  /** A non-2xx answer, classified from its (capped) body text and what the request named. */
  classify: ErrorClassifier;
  /**
   * Whether a body names objects the upstream stores for the account (see `SentRequest`); which
   * fields do is each vendor's own. Without it a request is taken to name none.
   */
  namesStored?: (body: unknown) => boolean;
}

/**
 * The key as a Bearer token and errors read by their signs, whatever the envelope. Ollama speaks
 * it as is; OpenAI's dialect, which every compatible server speaks, adds the stored objects its
 * bodies name.
 */
export const BEARER_DIALECT: UpstreamDialect = {
  headers: (config, accept) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept, ...config.headers };
    if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
    return headers;
  },
  classify: classifyErrorBody,
};

/**
 * What a classifier may need of a request, read before it is sent: a call keeps these few facts
 * until it ends, never the body (a translated one holds a copy of every image in the conversation).
 */
function sentRequest(body: unknown, call: UpstreamCall, dialect: UpstreamDialect): SentRequest {
  return { namedStored: dialect.namesStored?.(body) ?? false, sentModel: call.upstreamModel };
}

/**
 * One configured upstream account over HTTP: its base URL, its credentials and the operator's
 * static headers on every request (as its dialect says). Non-2xx answers are thrown, classified.
 */
export class UpstreamClient {
  /** Each path's full URL, built once: the base never changes and adapters use a few fixed paths. */
  private readonly urls = new Map<string, string>();
  /**
   * Headers of the calls that forward none of the client's, by `accept`: the account's settings
   * never change, so they are built once instead of on every call (and frozen, being shared).
   */
  private readonly plainHeaders = new Map<string, Readonly<Record<string, string>>>();

  constructor(
    private readonly config: ProviderConfig,
    private readonly http: UpstreamHttp,
    private readonly dialect: UpstreamDialect = BEARER_DIALECT,
  ) {}

  /** Not an async function: a call waiting for its answer holds no suspended frame of this method. */
  post(
    path: string,
    body: unknown,
    call: UpstreamCall,
    accept: string,
    forward?: Record<string, string>,
  ): Promise<UpstreamResponse> {
    const sent = sentRequest(body, call, this.dialect);
    const sending = this.http.send({
      url: this.url(path),
      headers: forward === undefined ? this.headers(accept) : this.dialect.headers(this.config, accept, forward),
      body: JSON.stringify(body),
      signal: call.signal,
      latch: call.latch,
      deadlines: call.deadlines,
      limits: call.limits,
      provider: this.config.name,
      whole: accept === JSON_ACCEPT,
    });
    return sending.then((res) => ensureOk(res, this.config.name, this.dialect.classify, sent));
  }

  /** A small GET (model lists, health) with its own deadlines; nobody can abort it but them. */
  async get(path: string, deadlines: Deadlines): Promise<UpstreamResponse> {
    const latch = new AbortLatch();
    const res = await this.http.send({
      url: this.url(path),
      method: 'GET',
      headers: this.headers(JSON_ACCEPT),
      signal: latch,
      latch,
      deadlines,
      provider: this.config.name,
      whole: true,
    });
    return ensureOk(res, this.config.name, this.dialect.classify);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private headers(accept: string): Readonly<Record<string, string>> {
    let headers = this.plainHeaders.get(accept);
    if (headers === undefined) {
      headers = Object.freeze(this.dialect.headers(this.config, accept, {}));
      this.plainHeaders.set(accept, headers);
    }
    return headers;
  }

  private url(path: string): string {
    let url = this.urls.get(path);
    if (url === undefined) {
      url = upstreamUrl(this.config.baseUrl, path);
      this.urls.set(path, url);
    }
    return url;
  }
}
