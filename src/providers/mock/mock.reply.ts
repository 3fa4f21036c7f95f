import { createHash } from 'node:crypto';
import type { ChatMessage, ChatRequest, ToolDefinition, ToolResultPart } from '#src/core/chat.types.js';
import { argumentsFromSchema } from './mock.schema-args.js';

/** What the mock answers: text, or one call to a tool. */
export type MockReply = { kind: 'text'; text: string } | { kind: 'tool'; id: string; name: string; arguments: string };

const QUOTE_LIMIT = 200;

function lastUserMessage(request: ChatRequest): ChatMessage | undefined {
  return request.messages.findLast((m) => m.role === 'user');
}

function resultText(result: ToolResultPart): string {
  if (typeof result.content === 'string') return result.content;
  return result.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function pickTool(request: ChatRequest): ToolDefinition | undefined {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (choice?.type === 'none') return undefined;
  if (choice?.type === 'tool') return tools.find((t) => t.name === choice.name) ?? tools[0];
  return tools[0];
}

/** A stable id, so the same request always gets the same call id. */
function toolCallId(name: string, args: string, request: ChatRequest): string {
  const hash = createHash('sha256').update(`${name}\n${args}\n${request.messages.length}`).digest('hex');
  return `call_${hash.slice(0, 24)}`;
}

/**
 * Decides the answer from the request alone: after tool results, a sentence quoting the first
 * one; with tools on offer, a call to the chosen tool; otherwise the configured reply or a
 * sentence describing the request.
 */
export function planMockReply(request: ChatRequest, upstreamModel: string, reply: string | undefined): MockReply {
  const last = lastUserMessage(request);
  const result = last?.content.find((p): p is ToolResultPart => p.type === 'tool_result');
  if (result) return { kind: 'text', text: `The tool returned: ${resultText(result).slice(0, QUOTE_LIMIT)}` };
  const tool = pickTool(request);
  if (tool) {
    const args = JSON.stringify(argumentsFromSchema(tool.parameters ?? {}));
    return { kind: 'tool', id: toolCallId(tool.name, args, request), name: tool.name, arguments: args };
  }
  return { kind: 'text', text: reply ?? describeRequest(last, upstreamModel) };
}

function describeRequest(last: ChatMessage | undefined, upstreamModel: string): string {
  const parts = last?.content ?? [];
  const said = parts
    .map((p) => (p.type === 'text' ? p.text : ''))
    .filter((t) => t !== '')
    .join(' ')
    .slice(0, QUOTE_LIMIT);
  const images = parts.filter((p) => p.type === 'image').length;
  const seen = images > 0 ? ` I can see ${images} image${images === 1 ? '' : 's'}.` : '';
  return `Hello from Switchyard's built-in demo model (${upstreamModel}). You said: "${said}".${seen}`;
}
