import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import type { Clock } from '#src/core/clock.js';
import type { Deadlines, UpstreamHttp, UpstreamResponse } from './upstream-http.js';
import { ensureOk } from './upstream-response.js';
import { upstreamUrl } from './upstream-url.js';

/** What an adapter needs from outside; its factory supplies the defaults. */
export interface ProviderDeps {
  http?: UpstreamHttp;
  clock?: Clock;
}

export const LIST_DEADLINES: Deadlines = { firstByteMs: 10_000, idleMs: 10_000, totalMs: 15_000 };
/** Health must answer quickly: a slow upstream is as good as down for routing. */
export const HEALTH_DEADLINES: Deadlines = { firstByteMs: 5_000, idleMs: 5_000, totalMs: 5_000 };

/**
 * One configured upstream account over HTTP: its base URL, its key as a Bearer token, and the
 * operator's static headers on every request. Non-2xx answers are thrown, classified.
 */
export class UpstreamClient {
  constructor(
    private readonly config: ProviderConfig,
    private readonly http: UpstreamHttp,
  ) {}

  async post(path: string, body: unknown, call: UpstreamCall, accept: string): Promise<UpstreamResponse> {
    const res = await this.http.send({
      url: this.url(path),
      headers: this.headers(accept),
      body: JSON.stringify(body),
      signal: call.signal,
      abort: call.abort,
      deadlines: call.deadlines,
      limits: call.limits,
      provider: this.config.name,
    });
    return ensureOk(res, this.config.name);
  }

  /** A small GET (model lists, health) with its own deadlines; nobody can abort it but them. */
  async get(path: string, deadlines: Deadlines): Promise<UpstreamResponse> {
    const res = await this.http.send({
      url: this.url(path),
      method: 'GET',
      headers: this.headers('application/json'),
      signal: new AbortController().signal,
      deadlines,
      provider: this.config.name,
    });
    return ensureOk(res, this.config.name);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private url(path: string): string {
    return upstreamUrl(this.config.baseUrl, path);
  }

  private headers(accept: string): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept, ...this.config.headers };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    return headers;
  }
}
