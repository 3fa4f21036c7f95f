import { isObject } from '#src/dialects/openai/field.guards.js';
import { namespacedToolName } from './responses-tools.decoder.js';

export { customToolInput } from '#src/dialects/openai/custom-tool.mapper.js';

/** How a tool the client offered must be called back: a function (maybe in a namespace) or a custom tool. */
export interface OfferedTool {
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
}

/**
 * The client's tools by the flat name upstreams saw (see `decodeResponsesTools`), so a canonical
 * tool call can be answered as the item the client expects. Read from the body the client sent;
 * entries were already validated by the decoder.
 */
export function offeredTools(body: Record<string, unknown>): ReadonlyMap<string, OfferedTool> {
  const out = new Map<string, OfferedTool>();
  const tools = Array.isArray(body.tools) ? body.tools : [];
  for (const tool of tools.filter(isObject)) {
    if (tool.type === 'namespace' && typeof tool.name === 'string' && Array.isArray(tool.tools)) {
      for (const member of tool.tools.filter(isObject)) add(out, member, tool.name);
    } else add(out, tool, undefined);
  }
  return out;
}

function add(out: Map<string, OfferedTool>, tool: Record<string, unknown>, namespace: string | undefined): void {
  if ((tool.type !== 'function' && tool.type !== 'custom') || typeof tool.name !== 'string') return;
  const flat = namespace === undefined ? tool.name : namespacedToolName(namespace, tool.name);
  out.set(
    flat,
    namespace === undefined ? { kind: tool.type, name: tool.name } : { kind: tool.type, name: tool.name, namespace },
  );
}
