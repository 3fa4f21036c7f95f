import { isRecord } from '#src/providers/shared/upstream-error.mapper.js';
import { isSet, namesFileIn } from '#src/providers/shared/stored-objects.js';

/** Built-in tools that run on stored objects: a vector store's files, a code interpreter's container. */
function toolNamesStored(tool: unknown): boolean {
  if (!isRecord(tool)) return false;
  if (Array.isArray(tool.vector_store_ids) && tool.vector_store_ids.length > 0) return true;
  const container = tool.container;
  return typeof container === 'string' || (isRecord(container) && namesAnyFile(container.file_ids));
}

function namesAnyFile(ids: unknown): boolean {
  return Array.isArray(ids) && ids.length > 0;
}

/** An input item that stands for one the upstream stored, by its id alone. */
function isItemReference(item: unknown): boolean {
  return isRecord(item) && item.type === 'item_reference';
}

/**
 * Whether a Chat Completions or Responses body names something the upstream looks up for the
 * account rather than reads from the body: a previous response, a conversation, a stored prompt,
 * an uploaded file (in a part or a built-in tool), a vector store, a container or a stored item.
 * A 404 about any of them is about what the client sent.
 */
export function namesOpenAIStored(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (isSet(body.previous_response_id) || isSet(body.conversation)) return true;
  if (isRecord(body.prompt) && isSet(body.prompt.id)) return true;
  if (Array.isArray(body.tools) && body.tools.some(toolNamesStored)) return true;
  if (Array.isArray(body.input) && body.input.some(isItemReference)) return true;
  return namesFileIn(body.messages) || namesFileIn(body.input);
}
