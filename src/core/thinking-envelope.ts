import type { ThinkingPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Signed thinking (Anthropic's) carried through a Responses client in a reasoning item's
 * `encrypted_content`, so a client that keeps no server-side state (`store: false`) can hand it back
 * and the upstream gets its thinking block, signature unchanged. The content is the gateway's own:
 * a fixed, versioned prefix, then base64url JSON (`t` thinking text and `s` signature, or `r` the
 * redacted block's data). Anyone else's `encrypted_content` (OpenAI's) lacks the prefix.
 */
export const REASONING_ENVELOPE_PREFIX = 'switchyard.thinking.v1.';

/** Whether the client asked for reasoning items to carry `encrypted_content`. */
export function wantsEncryptedReasoning(body: Record<string, unknown>): boolean {
  return Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content');
}

/** The envelope for a thinking part the upstream can take back, or undefined for unsigned thinking. */
export function sealThinking(part: Pick<ThinkingPart, 'text' | 'signature' | 'redactedData'>): string | undefined {
  let payload: Record<string, string>;
  if (part.redactedData !== undefined && part.redactedData !== '') payload = { r: part.redactedData };
  else if (part.signature !== undefined && part.signature !== '') payload = { t: part.text, s: part.signature };
  else return undefined;
  return REASONING_ENVELOPE_PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function isThinkingEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(REASONING_ENVELOPE_PREFIX);
}

/** The thinking part inside one of the gateway's envelopes; `path` names the field in errors. */
export function openThinking(envelope: string, path: string): ThinkingPart {
  const payload = parse(envelope.slice(REASONING_ENVELOPE_PREFIX.length));
  if (typeof payload?.r === 'string' && payload.r !== '')
    return { type: 'thinking', text: '', redactedData: payload.r };
  if (typeof payload?.t === 'string' && typeof payload.s === 'string' && payload.s !== '') {
    return { type: 'thinking', text: payload.t, signature: payload.s };
  }
  throw GatewayError.invalid(path, `'${path}' carries a damaged reasoning envelope`);
}

function parse(encoded: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
