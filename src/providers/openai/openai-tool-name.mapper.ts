import { createHash } from 'node:crypto';
import type { ChatRequest } from '#src/core/chat.types.js';

/** OpenAI rejects function names longer than this. */
export const OPENAI_TOOL_NAME_LIMIT = 64;

/**
 * Shortens a tool name OpenAI would reject: 55 characters, `_`, then 8 hex characters of the
 * name's sha256. Deterministic, so the same long name always maps to the same short one and a
 * history that replays earlier tool calls stays consistent.
 */
export function toOpenAIToolName(name: string): string {
  if (name.length <= OPENAI_TOOL_NAME_LIMIT) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 55)}_${digest}`;
}

/** Short name → original name, for every name in the request that had to be shortened. */
export type ToolNameMap = ReadonlyMap<string, string>;

export function toolNameMapFor(request: ChatRequest): ToolNameMap {
  const names = new Set<string>();
  for (const tool of request.tools ?? []) names.add(tool.name);
  for (const message of request.messages) {
    for (const part of message.content) if (part.type === 'tool_call') names.add(part.name);
  }
  const map = new Map<string, string>();
  for (const name of names) {
    const short = toOpenAIToolName(name);
    if (short !== name) map.set(short, name);
  }
  return map;
}

export function fromOpenAIToolName(name: string, map: ToolNameMap): string {
  return map.get(name) ?? name;
}
