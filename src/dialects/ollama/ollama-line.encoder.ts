import type { OllamaChatLine, OllamaGenerateLine, OllamaToolCallOut } from './ollama.wire.js';

/** Which endpoint's line shape: `/api/chat` (a `message`) or `/api/generate` (a `response` string). */
export type OllamaEndpoint = 'chat' | 'generate';

export interface LineContent {
  content?: string;
  thinking?: string;
  toolCalls?: OllamaToolCallOut[];
}

/**
 * One answer line in the endpoint's shape. Generate has no tool calls: it offers no tools, so a
 * model cannot call one there.
 */
export function ollamaLine(
  endpoint: OllamaEndpoint,
  head: { model: string; createdAt: number },
  body: LineContent,
  done: boolean,
): OllamaChatLine | OllamaGenerateLine {
  const created_at = new Date(head.createdAt).toISOString();
  const thinking = body.thinking ? { thinking: body.thinking } : {};
  if (endpoint === 'generate') {
    return { model: head.model, created_at, response: body.content ?? '', ...thinking, done };
  }
  const calls = body.toolCalls && body.toolCalls.length > 0 ? { tool_calls: body.toolCalls } : {};
  return {
    model: head.model,
    created_at,
    message: { role: 'assistant', content: body.content ?? '', ...thinking, ...calls },
    done,
  };
}

/** Ollama's tool-call arguments are an object; canonical ones are JSON text (`""` and non-objects become `{}`). */
export function toolCallOut(id: string, index: number, name: string, args: string): OllamaToolCallOut {
  return { id, function: { index, name, arguments: argumentsObject(args) } };
}

function argumentsObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
