import { isRecord } from '#src/providers/shared/upstream-error.mapper.js';
import { isSet, MAX_DEPTH, namesFileIn } from '#src/providers/shared/stored-objects.js';

/** Fields by which a built-in tool, at any depth of its settings, names objects the upstream stores. */
const STORED_KEYS: ReadonlySet<string> = new Set([
  'file_id',
  'file_ids',
  'container_id',
  'vector_store_ids',
  'skill_id',
]);

/** An id: a non-empty string. */
function isId(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/**
 * Whether a built-in tool's settings name stored objects: a vector store, a container (by its id,
 * or the files and skills of one made for the call), a mask image's file. An id field names one
 * by a string or a list holding one; ids in nested objects (a skill's `skill_id`, a mask's
 * `file_id`) are met as the walk reaches them, so it reads each node of a body once. A function's
 * `parameters` are a schema the client wrote, never a reference, so they are not read.
 */
function settingsNameStored(value: unknown, depth: number, idField: boolean): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    return value.some((item) => (idField && isId(item)) || settingsNameStored(item, depth + 1, false));
  }
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([key, field]) => {
    if (key === 'parameters') return false;
    const stored = STORED_KEYS.has(key);
    return (stored && isId(field)) || settingsNameStored(field, depth + 1, stored);
  });
}

/** A built-in tool that runs on stored objects; a function tool (Chat's or Responses') names none. */
function toolNamesStored(tool: unknown): boolean {
  if (!isRecord(tool) || tool.type === 'function') return false;
  // A code interpreter's container by its id alone.
  return isId(tool.container) || settingsNameStored(tool, 0, false);
}

/** An input item that stands for one the upstream stored, by its id alone. */
function isItemReference(item: unknown): boolean {
  return isRecord(item) && item.type === 'item_reference';
}

/**
 * Whether a Chat Completions or Responses body names something the upstream looks up for the
 * account rather than reads from the body: a previous response, a conversation, a stored prompt,
 * an uploaded file (in a part, a function's output or a built-in tool), a vector store, a
 * container, a skill or a stored item. A 404 about any of them is about what the client sent.
 */
export function namesOpenAIStored(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (isSet(body.previous_response_id) || isSet(body.conversation)) return true;
  if (isRecord(body.prompt) && isSet(body.prompt.id)) return true;
  if (Array.isArray(body.tools) && body.tools.some(toolNamesStored)) return true;
  if (Array.isArray(body.input) && body.input.some(isItemReference)) return true;
  return namesFileIn(body.messages) || namesFileIn(body.input);
}
