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
  const bearer = typeof auth === 'string' ? BEARER.exec(auth)?.[1] : undefined;
  const raw = headers['x-api-key'];
  const apiKey = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  if (bearer !== undefined && apiKey !== undefined && looksLikeKey(apiKey) && !looksLikeKey(bearer)) return apiKey;
  return bearer ?? apiKey;
}
