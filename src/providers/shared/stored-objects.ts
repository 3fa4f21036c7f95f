import { isRecord } from './upstream-error.mapper.js';

/**
 * How deep the walk goes: turns hold blocks, which hold tool results, which hold their own blocks.
 * Past it a body names nothing more, so what a client sends never makes the walk long.
 */
const MAX_DEPTH = 10;

/** Keys under which a block or part nests what may name a file: its media source, its file, its own blocks. */
const NESTING_KEYS = ['source', 'file', 'content'] as const;

/**
 * Whether turns, blocks or parts name an uploaded file by its id (`file_id` on a block, on its
 * `source` or on its `file`), at any depth of nested `content`. A tool call's input is never read:
 * it is data the model wrote, not a reference the upstream resolves.
 */
export function namesFileIn(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => namesFileIn(item, depth + 1));
  if (!isRecord(value)) return false;
  if (typeof value.file_id === 'string') return true;
  return NESTING_KEYS.some((key) => namesFileIn(value[key], depth + 1));
}

/** A field that is there and not null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}
