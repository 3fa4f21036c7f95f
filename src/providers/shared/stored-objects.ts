import { isRecord } from './upstream-error.mapper.js';

/**
 * How deep a walk goes: turns hold blocks, which hold tool results, which hold their own blocks.
 * Past it a body names nothing more, so what a client sends never makes the walk long.
 */
export const MAX_DEPTH = 10;

/**
 * Keys under which a block or part nests what may name a file: its media source, its file, its own
 * blocks, and the parts a function's output is made of.
 */
const NESTING_KEYS = ['source', 'file', 'content', 'output'] as const;

/**
 * Whether turns, blocks or parts name an uploaded file by its id (`file_id` on a block, on its
 * `source` or on its `file`), at any depth of nested `content` or `output`. A tool call's input is
 * never read: it is data the model wrote, not a reference the upstream resolves.
 */
export function namesFileIn(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => namesFileIn(item, depth + 1));
  if (!isRecord(value)) return false;
  if (typeof value.file_id === 'string') return true;
  return NESTING_KEYS.some((key) => namesFileIn(value[key], depth + 1));
}

/**
 * A field that names something: not absent, null or empty. A list names something when one of its
 * items does, an object when one of its fields does (`{}` and `{ skills: [] }` name nothing).
 */
export function isSet(value: unknown, depth = 0): boolean {
  if (value === undefined || value === null || value === '' || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => isSet(item, depth + 1));
  if (isRecord(value)) return Object.values(value).some((field) => isSet(field, depth + 1));
  return true;
}
