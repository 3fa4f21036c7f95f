import type { ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import {
  type JsonObject,
  isObject,
  optionalString,
  requireArray,
  requireObject,
} from '#src/dialects/openai/field.guards.js';
import { decodeFunctionSpec, modeChoice, requireToolName } from '#src/dialects/openai/openai-tools.decoder.js';
import { CUSTOM_TOOL_PARAMETERS } from '#src/dialects/openai/custom-tool.mapper.js';

export { CUSTOM_TOOL_PARAMETERS };

/**
 * The flat name a namespaced tool is offered under to upstreams without namespaces. Both parts are
 * tool names (letters, digits, `_`, `-`), so the name is one too.
 */
export function namespacedToolName(namespace: string, name: string): string {
  return `${namespace}__${name}`;
}

/**
 * Responses-API `tools` are flat (`{type:"function", name, parameters}`). Custom tools become
 * functions of one string; a `namespace` tool's members become functions with namespaced names;
 * built-in tools (web search, file search, computer use…) have no counterpart outside OpenAI:
 * they are left out and named in `warnings`.
 */
export function decodeResponsesTools(raw: unknown, warnings: string[], path = 'tools'): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const tools: ToolDefinition[] = [];
  requireArray(raw, path).forEach((item, i) => {
    const tool = requireObject(item, `${path}[${i}]`);
    const at = `${path}[${i}]`;
    if (tool.type === 'namespace') tools.push(...namespaceTools(tool, at, warnings));
    else {
      const decoded = decodeTool(tool, at);
      if (decoded) tools.push(decoded);
      else warnings.push(`${at}: ${String(tool.type)} tool left out`);
    }
  });
  return tools.length > 0 ? tools : undefined;
}

function decodeTool(tool: JsonObject, path: string): ToolDefinition | undefined {
  if (tool.type === 'function') return decodeFunctionSpec(tool, path);
  if (tool.type === 'custom') return customTool(tool, path);
  return undefined;
}

function namespaceTools(tool: JsonObject, path: string, warnings: string[]): ToolDefinition[] {
  const namespace = requireToolName(tool.name, `${path}.name`);
  const members = tool.tools === undefined || tool.tools === null ? [] : requireArray(tool.tools, `${path}.tools`);
  return members.flatMap((member, j) => {
    const at = `${path}.tools[${j}]`;
    const decoded = decodeTool(requireObject(member, at), at);
    if (!decoded) {
      warnings.push(`${at}: ${String((member as JsonObject).type)} tool left out`);
      return [];
    }
    return [{ ...decoded, name: namespacedToolName(namespace, decoded.name) }];
  });
}

function customTool(tool: JsonObject, path: string): ToolDefinition {
  const out: ToolDefinition = { name: requireToolName(tool.name, `${path}.name`), parameters: CUSTOM_TOOL_PARAMETERS };
  const description = optionalString(tool.description, `${path}.description`);
  if (description !== undefined) out.description = description;
  return out;
}

/** Modes, or `{type:"function"|"custom", name, namespace?}`; choices of built-in tools fall back to `auto`. */
export function decodeResponsesToolChoice(raw: unknown, path = 'tool_choice'): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  const mode = modeChoice(raw);
  if (mode) return mode;
  if (!isObject(raw)) throw GatewayError.invalid(path, `'${path}' must be 'none', 'auto', 'required' or an object`);
  if (raw.type === 'function' || raw.type === 'custom') {
    const name = requireToolName(raw.name, `${path}.name`);
    const namespace = typeof raw.namespace === 'string' ? raw.namespace : undefined;
    return { type: 'tool', name: namespace === undefined ? name : namespacedToolName(namespace, name) };
  }
  return { type: 'auto' };
}
