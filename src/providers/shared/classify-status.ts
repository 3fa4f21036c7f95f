import { GatewayError } from '#src/core/gateway-error.js';
import { redactor } from '#src/core/redact.js';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && header(headers, 'retry-after-ms') !== undefined) return ms;
  const raw = header(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The classified message a client gets for a failure on the upstream's side. */
export function upstreamSays(provider: string, what: string): string {
  return `The upstream provider "${provider}" ${what}`;
}

/**
 * Codes and types by which an upstream refuses the gateway's account for billing: OpenAI's
 * `insufficient_quota` comes as a 429 but no wait lifts it, Anthropic's `billing_error` as a 402.
 */
const BILLING_REFUSED = "refused the gateway's account for billing reasons (credit or quota used up)";
const BILLING_CODES: ReadonlySet<string> = new Set(['insufficient_quota', 'billing_error']);
/**
 * Anthropic refuses a spent credit balance or spend limit with a plain 400 `invalid_request_error`:
 * only its sentence tells. It must open the message, which must not be a validation error's
 * `field: reason` (the gateway forwards fields it does not know, so a client could name one after
 * the sentence and bench a deployment). Wording alone is never trusted on a 429: some servers
 * answer an ordinary per-minute limit with "you exceeded your current quota".
 */
const BILLING_SENTENCE = /^(your credit balance is too low|you have reached your specified api usage limits)\b/i;

/** A 402 from any upstream is about the gateway's account: the client pays the gateway, not the upstream. */
function isBillingRefusal(status: number, message: string, codes: readonly string[]): boolean {
  if (status === 402 || codes.some((code) => BILLING_CODES.has(code))) return true;
  return status === 400 && BILLING_SENTENCE.test(message) && !message.includes(': ');
}

/**
 * Codes by which an upstream says it cannot find something the client named: OpenAI's Responses
 * API for a `previous_response_id` it does not hold.
 */
const CLIENT_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['previous_response_not_found']);

/**
 * OpenAI's own sentences for a stored response or item a client named, which it sends without a
 * code: "Previous response with id 'resp_…' not found.", "Item with id 'rs_…' not found. …".
 * Anchored at the start, so an id the client chose cannot make some other 404 match.
 */
const CLIENT_ID_NOT_FOUND = /^(previous response|item) with id '[^']*' not found\./i;

/**
 * Codes by which an upstream says a 404 is about what the gateway chose, whatever the request
 * named: OpenAI's unknown model, Azure's unknown deployment.
 */
const OPERATOR_NOT_FOUND_CODES: ReadonlySet<string> = new Set(['model_not_found', 'DeploymentNotFound']);

/**
 * How a vendor opens a sentence about a model it does not serve ("The model `x` does not exist.",
 * `model "x" not found`); the name that follows must be the one the gateway sent.
 */
const MODEL_SENTENCE = /^(the )?model /i;
const QUOTES = ['`', "'", '"'] as const;

/** What the request the gateway sent named, read off it before it was sent (the body is not kept). */
export interface SentRequest {
  /**
   * The request named objects the upstream stores for the account the gateway calls with (a file
   * id, a container, a previous response): the vendor's dialect reads this off the body it sent.
   */
  namedStored?: boolean;
  /** The upstream model the body named, which the gateway chose (from the route's `upstream_model`). */
  sentModel?: string;
}

/** What a vendor's error says beyond its status and words, and what the request it answers named. */
export interface ErrorSigns extends SentRequest {
  /** The error's own `code`/`type` strings, for the classes a status cannot tell (a billing refusal). */
  codes?: readonly string[];
  /** The request field the error names, if any (OpenAI's `param`). */
  param?: string;
}

/** Whether a message opens by naming the model the gateway sent, as vendors speak of one they lack. */
function namesSentModel(message: string, sentModel: string | undefined): boolean {
  if (sentModel === undefined || sentModel === '') return false;
  // Anthropic's wrong model, in a not_found_error with no other sign.
  if (message === `model: ${sentModel}`) return true;
  const opening = MODEL_SENTENCE.exec(message);
  if (opening === null) return false;
  const rest = message.slice(opening[0].length);
  return QUOTES.some((quote) => rest.startsWith(`${quote}${sentModel}${quote}`));
}

/**
 * Whole messages by which a vendor says its 404 is about the path: Anthropic's and many servers'
 * "Not Found", Azure's "Resource not found" (with only the status as its code) for a wrong
 * deployment or API version.
 */
const PATH_NOT_FOUND: ReadonlySet<string> = new Set(['Not Found', 'Resource not found']);

/**
 * Whether a vendor's 404 says, in words a client cannot make it say, that it is about what the
 * gateway chose: the path (OpenAI's "Invalid URL (POST /v1/…)", see `PATH_NOT_FOUND`) or the
 * model the gateway sent. Each is matched whole or at the message's start, never searched
 * for: an id the client chose and the upstream quotes back sits further in.
 */
function aboutGatewayChoice(message: string, signs: ErrorSigns): boolean {
  const { codes = [], param } = signs;
  if (param === 'model' || codes.some((code) => OPERATOR_NOT_FOUND_CODES.has(code))) return true;
  if (PATH_NOT_FOUND.has(message) || message.startsWith('Invalid URL (')) return true;
  return namesSentModel(message, signs.sentModel);
}

/**
 * Whether a 404 is about something a relayed client named: on a sign the vendor gives, or when
 * the request named stored objects and the vendor, in its own error shape (a code or type, even
 * one that only restates the status: a proxy's page has none), does not say the 404
 * is about what the gateway chose (see `aboutGatewayChoice`). A vendor whose errors name no
 * field, Anthropic, cannot tell which it was; the client named the object, so it is the client's,
 * else any key holder could bench a deployment once per cool-down. Any other 404 is about what
 * the gateway chose (the path, the upstream model), however the upstream words it.
 */
function aboutClientReference(message: string, signs: ErrorSigns): boolean {
  const { codes = [], param } = signs;
  if (param !== undefined && param !== '' && param !== 'model') return true;
  if (codes.some((code) => CLIENT_NOT_FOUND_CODES.has(code)) || CLIENT_ID_NOT_FOUND.test(message)) return true;
  return signs.namedStored === true && codes.length > 0 && !aboutGatewayChoice(message, signs);
}

const CONTEXT = /context.?(length|window)|too many tokens|prompt is too long|maximum context|reduce the length/i;
const POLICY = /content.?(policy|filter|management)|safety system|flagged/i;

/**
 * Classifies a non-2xx upstream answer. `message` is the upstream's own error text (already
 * extracted by the adapter from its error envelope); it is redacted and shortened here. It reaches
 * the client only when it is about the client's request (a 4xx, a 404 about something the client
 * named); what the upstream says about itself, the gateway's account or its setup (5xx, 429,
 * 401/403, billing, redirects, any other 404: see `aboutClientReference`) is kept for the log as
 * `detail`. `signs`: what else the error and its request tell (see `ErrorSigns`).
 */
export function classifyStatus(
  status: number,
  message: string,
  headers: Headers,
  provider: string,
  signs: ErrorSigns = {},
): GatewayError {
  const codes = signs.codes ?? [];
  const text = redactor.redact(message).slice(0, 500) || `Upstream answered ${status}`;
  const base = { provider, upstreamStatus: status };
  const own = { ...base, detail: text };
  if (isBillingRefusal(status, message, codes)) {
    // No retry-after: nothing the upstream says about waiting applies until the operator pays.
    return new GatewayError('upstream_billing', upstreamSays(provider, BILLING_REFUSED), own);
  }
  if (status === 401 || status === 403) {
    return new GatewayError('auth', `The upstream provider "${provider}" rejected the gateway's credentials`, own);
  }
  if (status >= 300 && status < 400) {
    const why = `answered with a redirect (${status}), which the gateway does not follow: check its base_url`;
    return new GatewayError('auth', `The upstream provider "${provider}" ${why}`, own);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers);
    return new GatewayError('rate_limited', upstreamSays(provider, 'is rate limiting the gateway'), {
      ...own,
      retryAfterMs,
    });
  }
  if (status === 529 || status === 503) {
    const retryAfterMs = parseRetryAfter(headers);
    return new GatewayError('overloaded', upstreamSays(provider, 'is overloaded'), { ...own, status, retryAfterMs });
  }
  if (status === 408 || status === 504) return new GatewayError('timeout', upstreamSays(provider, 'timed out'), own);
  if (status === 409 || status >= 500) {
    return new GatewayError('upstream_5xx', upstreamSays(provider, `failed (${status})`), own);
  }
  if (status === 404 && !aboutClientReference(message, signs)) {
    // The upstream's text (which may quote an address or the upstream model) is the operator's, for the log.
    return new GatewayError('not_found', upstreamSays(provider, 'has no such model or path'), own);
  }
  // Something the client named (a stored item, a previous response, a file): its own words tell it what to resend.
  if (status === 404) return new GatewayError('bad_request', text, { ...base, status: 404 });
  if (status === 413) return new GatewayError('payload_too_large', text, base);
  if (CONTEXT.test(message) || codes.includes('context_length_exceeded')) {
    return new GatewayError('context_length', text, base);
  }
  if (POLICY.test(message)) return new GatewayError('content_policy', text, base);
  return new GatewayError('bad_request', text, { ...base, status: status === 422 ? 422 : 400 });
}
