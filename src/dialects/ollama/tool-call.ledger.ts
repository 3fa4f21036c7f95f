import type { ToolCallPart } from '#src/core/chat.types.js';
import { ollamaFields as read, type JsonObject } from './ollama-fields.js';

/**
 * The tool calls of the conversation still waiting for a result. Ollama names a result by its
 * tool (`tool_name`), sometimes by the call's id; canonical results name the call's id, which
 * Anthropic and OpenAI upstreams check against the calls.
 */
export class ToolCallLedger {
  private pending: ToolCallPart[] = [];

  /** An assistant turn's calls replace whatever the previous turn left unanswered. */
  offer(calls: ToolCallPart[]): void {
    if (calls.length > 0) this.pending = [...calls];
  }

  /**
   * The id of the call a `tool` message answers: by id, else by tool name, else the oldest
   * unanswered; undefined when no call is waiting (the result then answers nothing an upstream
   * would accept as a tool result).
   */
  answer(message: JsonObject, path: string): string | undefined {
    const id = read.optionalString(message.tool_call_id, `${path}.tool_call_id`);
    const name = read.optionalString(message.tool_name, `${path}.tool_name`);
    const index = this.find(id, name);
    if (index < 0) return undefined;
    const [call] = this.pending.splice(index, 1);
    return call.id;
  }

  private find(id: string | undefined, name: string | undefined): number {
    const byId = id ? this.pending.findIndex((c) => c.id === id) : -1;
    if (byId >= 0) return byId;
    const byName = name ? this.pending.findIndex((c) => c.name === name) : -1;
    if (byName >= 0) return byName;
    return this.pending.length > 0 ? 0 : -1;
  }
}
