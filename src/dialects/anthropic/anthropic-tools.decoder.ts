import type { ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { dropped, type Warnings } from './anthropic-content.decoder.js';
import {
  fail,
  optionalBoolean,
  optionalCacheControl,
  optionalString,
  readArray,
  readEnum,
  readObject,
  readString,
} from './field.readers.js';

/**
 * A tool with a versioned `type` (`web_search_20250305`, `bash_20250124`, `text_editor_…`) runs on
 * Anthropic's side and has no canonical form; it stays in the original body for same-format upstreams.
 */
function isServerTool(tool: Record<string, unknown>): boolean {
  return tool.type !== undefined && tool.type !== null && tool.type !== 'custom';
}

function decodeTool(value: unknown, path: string, warnings: Warnings): ToolDefinition | undefined {
  const tool = readObject(value, path);
  if (isServerTool(tool)) return dropped(warnings, path, `server tool '${readString(tool.type, `${path}.type`)}'`);
  const name = readString(tool.name, `${path}.name`);
  if (name === '') fail(`${path}.name`, 'String should have at least 1 character');
  if (tool.input_schema === undefined) fail(`${path}.input_schema`, 'Field required');
  const definition: ToolDefinition = { name, parameters: readObject(tool.input_schema, `${path}.input_schema`) };
  const description = optionalString(tool.description, `${path}.description`);
  if (description !== undefined) definition.description = description;
  const strict = optionalBoolean(tool.strict, `${path}.strict`);
  if (strict !== undefined) definition.strict = strict;
  const cacheControl = optionalCacheControl(tool.cache_control, `${path}.cache_control`);
  if (cacheControl) definition.cacheControl = cacheControl;
  return definition;
}

export function decodeTools(value: unknown, warnings: Warnings): ToolDefinition[] | undefined {
  if (value === undefined || value === null) return undefined;
  const tools: ToolDefinition[] = [];
  readArray(value, 'tools').forEach((t, i) => {
    const tool = decodeTool(t, `tools[${i}]`, warnings);
    if (tool) tools.push(tool);
  });
  return tools;
}

export function decodeToolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  const choice = readObject(value, 'tool_choice');
  const type = readEnum(choice.type, 'tool_choice.type', ['auto', 'any', 'none', 'tool']);
  if (type === 'none') return { type };
  const disableParallel = optionalBoolean(choice.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use');
  const extra = disableParallel === undefined ? {} : { disableParallel };
  if (type === 'tool') return { type, name: readString(choice.name, 'tool_choice.name'), ...extra };
  return { type, ...extra };
}
