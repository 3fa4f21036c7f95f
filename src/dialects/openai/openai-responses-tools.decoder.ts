import type { ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { isObject, optionalString, requireArray, requireObject } from './field.guards.js';
import { decodeFunctionSpec, modeChoice, requireToolName } from './openai-tools.decoder.js';

/** The one-string schema a custom (free-form) tool is offered under. */
export const CUSTOM_TOOL_PARAMETERS: Record<string, unknown> = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for this tool' } },
  required: ['input'],
};

/**
 * Responses-API `tools` are flat (`{type:"function", name, parameters}`). Custom tools become
 * functions of one string; built-in tools (web search, file search, computer use…) have no
 * counterpart outside OpenAI and are dropped.
 */
export function decodeResponsesTools(raw: unknown, path = 'tools'): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const tools: ToolDefinition[] = [];
  requireArray(raw, path).forEach((item, i) => {
    const tool = requireObject(item, `${path}[${i}]`);
    if (tool.type === 'function') tools.push(decodeFunctionSpec(tool, `${path}[${i}]`));
    if (tool.type === 'custom') tools.push(customTool(tool, `${path}[${i}]`));
  });
  return tools.length > 0 ? tools : undefined;
}

function customTool(tool: Record<string, unknown>, path: string): ToolDefinition {
  const out: ToolDefinition = { name: requireToolName(tool.name, `${path}.name`), parameters: CUSTOM_TOOL_PARAMETERS };
  const description = optionalString(tool.description, `${path}.description`);
  if (description !== undefined) out.description = description;
  return out;
}

/** Modes, or `{type:"function"|"custom", name}`; choices of built-in tools fall back to `auto`. */
export function decodeResponsesToolChoice(raw: unknown, path = 'tool_choice'): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  const mode = modeChoice(raw);
  if (mode) return mode;
  if (!isObject(raw)) throw GatewayError.invalid(path, `'${path}' must be 'none', 'auto', 'required' or an object`);
  if (raw.type === 'function' || raw.type === 'custom') {
    return { type: 'tool', name: requireToolName(raw.name, `${path}.name`) };
  }
  return { type: 'auto' };
}
