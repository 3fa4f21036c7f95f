import { isRecord } from '#src/providers/shared/upstream-error.mapper.js';
import { isSet, namesFileIn } from '#src/providers/shared/stored-objects.js';

/**
 * Whether a Messages body names something Anthropic looks up for the account rather than reads
 * from the body: a file (a `file` media source, a `container_upload` or a code execution output),
 * a `container` (with its skills), an MCP server, or the previous message its diagnostics compare
 * with. A 404 about any of them is about what the client sent.
 */
export function namesAnthropicStored(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (isSet(body.container)) return true;
  if (Array.isArray(body.mcp_servers) && body.mcp_servers.length > 0) return true;
  if (isRecord(body.diagnostics) && isSet(body.diagnostics.previous_message_id)) return true;
  return namesFileIn(body.messages);
}
