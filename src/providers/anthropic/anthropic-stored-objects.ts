import { isRecord } from '#src/providers/shared/upstream-error.mapper.js';
import { isSet, namesFileIn } from '#src/providers/shared/stored-objects.js';

/** Whether a field holds an object that names a previous message by its id. */
function namesMessage(value: unknown): boolean {
  return isRecord(value) && isSet(value.previous_message_id);
}

/**
 * Whether a Messages body names something Anthropic looks up for the account rather than reads
 * from the body: a file (a `file` media source, a `container_upload` or a code execution output),
 * a `container` (with its skills), an MCP server, or a previous message (the one a `thread`
 * continues, the one `diagnostics` compare with). A 404 about any of them is about what the
 * client sent.
 */
export function namesAnthropicStored(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (isSet(body.container) || isSet(body.mcp_servers)) return true;
  if (namesMessage(body.thread) || namesMessage(body.diagnostics)) return true;
  return namesFileIn(body.messages);
}
