import type { IncomingHttpHeaders } from 'node:http';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The client key as each client sends it: `Authorization: Bearer` (OpenAI SDK, Cursor, Codex,
 * Ollama clients, Claude Code's ANTHROPIC_AUTH_TOKEN) or `x-api-key` (Anthropic SDK, Claude Code's
 * ANTHROPIC_API_KEY). When both come, the one shaped like a client key wins, else the bearer.
 */
export function presentedKey(
  headers: IncomingHttpHeaders,
  looksLikeKey: (given: string) => boolean,
): string | undefined {
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' ? bearerToken(auth) : undefined;
  const raw = headers['x-api-key'];
  const apiKey = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  if (bearer !== undefined && apiKey !== undefined && looksLikeKey(apiKey) && !looksLikeKey(bearer)) return apiKey;
  return bearer ?? apiKey;
}

const COMMON_BEARER = 'Bearer ';

/** What follows `Bearer ` in the common spelling (one space), not yet checked; undefined for any other. */
export function commonBearer(auth: string | undefined): string | undefined {
  return auth !== undefined && auth.startsWith(COMMON_BEARER) ? auth.slice(COMMON_BEARER.length) : undefined;
}

/**
 * The token of `Bearer <token>`. The common spelling (one space, then printable ASCII to the end)
 * is read without the regular expression, which every other form still goes through.
 */
function bearerToken(auth: string): string | undefined {
  const common = commonBearer(auth);
  if (common !== undefined && isPrintableAscii(common, 0)) return common;
  return BEARER.exec(auth)?.[1];
}

/** Whether `text` from `from` on is non-empty and holds only printable ASCII (no space, no control). */
function isPrintableAscii(text: string, from: number): boolean {
  if (text.length <= from) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}
