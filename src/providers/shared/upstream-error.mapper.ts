import type { GatewayError } from '#src/core/gateway-error.js';
import { classifyStatus } from './classify-status.js';

/**
 * The upstream's own error text from an error body, with its `code`/`type` strings, from one parse.
 * The text: `{"error":{"message"}}` (OpenAI), `{"error":"text"}` (Ollama and some compatible servers)
 * or `{"message"}`. A plain-text body is used as is; an HTML page (a proxy's error page) yields ''
 * so it is never echoed to clients. `param`: the request field the error names (OpenAI's `param`).
 */
export function upstreamError(body: string): { message: string; codes: string[]; param?: string } {
  const parsed = parseJson(body);
  if (parsed === undefined) return { message: looksLikeHtml(body) ? '' : body.trim().slice(0, 500), codes: [] };
  return { message: errorText(parsed) ?? '', codes: errorCodes(parsed), param: errorParam(parsed) };
}

/** The message of an error object or envelope, if it has one. */
export function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  if (value.error !== undefined && value.error !== null) return errorText(value.error);
  return typeof value.message === 'string' ? value.message : undefined;
}

/**
 * The string `code` and `type` of an error object or envelope (`{"error":{"code","type"}}`), for the
 * classes its status cannot tell (a billing refusal).
 */
function errorCodes(value: unknown): string[] {
  if (!isRecord(value)) return [];
  if (isRecord(value.error)) return errorCodes(value.error);
  return [value.code, value.type].filter((v): v is string => typeof v === 'string');
}

/** The string `param` of an error object or envelope (`{"error":{"param"}}`): the request field it is about. */
function errorParam(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.error)) return errorParam(value.error);
  return typeof value.param === 'string' ? value.param : undefined;
}

const STATUS_BY_TYPE: Record<string, number> = {
  rate_limit_exceeded: 429,
  rate_limit_error: 429,
  overloaded_error: 529,
  invalid_request_error: 400,
  authentication_error: 401,
  not_found_error: 404,
  // OpenAI's code for an overflowing prompt, in a Responses stream's `response.failed`
  context_length_exceeded: 400,
};

/** The wait an error inside a stream names in words ("Please try again in 1.898s"), in milliseconds. */
const WAIT_IN_WORDS = /try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i;

function waitInWords(message: string): Record<string, string> {
  const wait = WAIT_IN_WORDS.exec(message);
  if (!wait) return {};
  const ms = Number(wait[1]) * (wait[2].toLowerCase() === 'ms' ? 1 : 1000);
  return { 'retry-after-ms': String(Math.round(ms)) };
}

/**
 * Classifies an error that arrived inside a 200 stream. There is no status line to go on, so a
 * status is read from the error object (`code`/`status`/`type`), defaulting to a server error;
 * nor are there headers, so a wait is read from the message's words.
 */
export function classifyStreamError(error: unknown, provider: string): GatewayError {
  const message = errorText(error) ?? 'The upstream reported an error mid-stream';
  const inner = isRecord(error) && isRecord(error.error) ? error.error : isRecord(error) ? error : {};
  const numeric = [inner.status, inner.code].find((v) => typeof v === 'number' && v >= 400 && v < 600);
  const byType = [inner.type, inner.code].map((v) => (typeof v === 'string' ? STATUS_BY_TYPE[v] : undefined));
  const status = (numeric as number | undefined) ?? byType.find((v) => v !== undefined) ?? 500;
  const signs = { codes: errorCodes(inner), param: errorParam(inner) };
  return classifyStatus(status, message, waitInWords(message), provider, signs);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
