import { GatewayError } from '#src/core/gateway-error.js';
import { classifyStatus, type SentRequest } from './classify-status.js';
import type { UpstreamResponse } from './upstream-http.js';
import { upstreamError } from './upstream-error.mapper.js';

/** Error bodies are read up to this size; the rest is dropped with the connection. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Classifies a non-2xx answer from its body text, whatever error envelope the server used;
 * `sent`: what the request named (see `SentRequest`).
 */
export function classifyErrorBody(
  status: number,
  body: string,
  headers: UpstreamResponse['headers'],
  provider: string,
  sent: SentRequest = {},
): GatewayError {
  const { message, codes, param } = upstreamError(body);
  return classifyStatus(status, message, headers, provider, { ...sent, codes, param });
}

/** Classifies a non-2xx answer from its (capped) body text and what the request named, if it sent a body. */
export type ErrorClassifier = (
  status: number,
  body: string,
  headers: UpstreamResponse['headers'],
  provider: string,
  sent?: SentRequest,
) => GatewayError;

/**
 * Returns a 2xx response as is (not wrapped in a promise: every call on the request path goes
 * through here); any other status is read (capped), classified and thrown. `sent`: what the
 * request named, for a classifier that tells by it.
 */
export function ensureOk(
  res: UpstreamResponse,
  provider: string,
  classify: ErrorClassifier,
  sent?: SentRequest,
): UpstreamResponse | Promise<never> {
  if (res.status >= 200 && res.status < 300) return res;
  return refuse(res, provider, classify, sent);
}

async function refuse(
  res: UpstreamResponse,
  provider: string,
  classify: ErrorClassifier,
  sent: SentRequest | undefined,
): Promise<never> {
  const body = await readCapped(res, ERROR_BODY_LIMIT);
  throw classify(res.status, body, res.headers, provider, sent);
}

/** The whole body as JSON; a body that is not JSON (an HTML page, say) is never echoed. */
export async function readJson(res: UpstreamResponse, provider: string): Promise<unknown> {
  return (await readJsonText(res, provider)).value;
}

/** `readJson`, also handing back the text it was parsed from (for a same-format answer sent on as is). */
export async function readJsonText(res: UpstreamResponse, provider: string): Promise<{ value: unknown; text: string }> {
  const text = await res.text();
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (err) {
    throw new GatewayError('invalid_upstream_response', 'The upstream answered with a body that is not JSON', {
      provider,
      upstreamStatus: res.status,
      cause: err,
    });
  }
}

async function readCapped(res: UpstreamResponse, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // The status alone still classifies the failure.
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Drops the rest of a body after its first chunk. Breaking the read releases the connection
 * through the body's own cleanup, which (unlike destroying an unread body) raises no stray error.
 */
export async function release(res: UpstreamResponse): Promise<void> {
  try {
    for await (const _chunk of res.body) break;
  } catch {
    // Nothing left to release.
  }
}

/** True when a 2xx answer is one JSON document rather than an event stream. */
export function isJsonBody(res: UpstreamResponse): boolean {
  const type = res.headers['content-type'];
  const value = (Array.isArray(type) ? type[0] : type) ?? '';
  return /json/i.test(value) && !/event-stream|ndjson/i.test(value);
}
