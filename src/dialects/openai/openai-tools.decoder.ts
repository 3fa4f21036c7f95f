import type { ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { CUSTOM_TOOL_PARAMETERS } from './custom-tool.mapper.js';
import {
  type JsonObject,
  fieldPath,
  isObject,
  optionalBoolean,
  optionalString,
  requireArray,
  requireObject,
  requireString,
} from './field.guards.js';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** An absent schema means "no arguments"; upstreams that require one get an empty object schema. */
export const EMPTY_PARAMETERS: Record<string, unknown> = { type: 'object', properties: {} };

export function requireToolName(value: unknown, path: string): string {
  const name = requireString(value, path);
  if (!TOOL_NAME.test(name)) {
    throw GatewayError.invalid(path, `'${path}' must be 1-64 characters of letters, digits, '_' or '-'`);
  }
  return name;
}

/** Decodes the body of one function tool: `{name, description?, parameters?, strict?}`. */
export function decodeFunctionSpec(fn: JsonObject, path: string): ToolDefinition {
  const tool: ToolDefinition = {
    name: requireToolName(fn.name, fieldPath(path, 'name')),
    parameters:
      fn.parameters === undefined || fn.parameters === null
        ? EMPTY_PARAMETERS
        : requireObject(fn.parameters, fieldPath(path, 'parameters')),
  };
  const description = optionalString(fn.description, fieldPath(path, 'description'));
  if (description !== undefined) tool.description = description;
  const strict = optionalBoolean(fn.strict, fieldPath(path, 'strict'));
  if (strict !== undefined) tool.strict = strict;
  return tool;
}

/**
 * Chat Completions `tools`: `[{type:"function", function:{…}}]` or `[{type:"custom", custom:{name, …}}]`.
 * A custom (free-form) tool becomes a function of one string, `input`; its `format` (a grammar)
 * has no counterpart elsewhere and is only noted in `warnings`.
 */
export function decodeTools(raw: unknown, warnings: string[], path = 'tools'): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  return requireArray(raw, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const tool = requireObject(item, at);
    if (tool.type === 'function')
      return decodeFunctionSpec(requireObject(tool.function, `${at}.function`), `${at}.function`);
    if (tool.type === 'custom')
      return decodeCustomTool(requireObject(tool.custom, `${at}.custom`), `${at}.custom`, warnings);
    throw GatewayError.invalid(`${at}.type`, `'${at}.type' must be 'function' or 'custom'`);
  });
}

function decodeCustomTool(custom: JsonObject, path: string, warnings: string[]): ToolDefinition {
  const tool: ToolDefinition = {
    name: requireToolName(custom.name, `${path}.name`),
    parameters: CUSTOM_TOOL_PARAMETERS,
  };
  const description = optionalString(custom.description, `${path}.description`);
  if (description !== undefined) tool.description = description;
  if (isObject(custom.format) && custom.format.type !== 'text') {
    warnings.push(`${path}.format: ${String(custom.format.type)} format dropped`);
  }
  return tool;
}

const CHOICE_SHAPES =
  '\'none\', \'auto\', \'required\', {"type":"function","function":{"name":…}}, ' +
  '{"type":"custom","custom":{"name":…}} or {"type":"allowed_tools",…}';

/**
 * Chat Completions `tool_choice`: a mode string, a named function or custom tool, or
 * `allowed_tools`, whose subset no other upstream can hold: its mode stands, the subset is noted
 * in `warnings` (a same-format upstream still gets it, from the client's own body).
 */
export function decodeToolChoice(raw: unknown, warnings: string[], path = 'tool_choice'): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  const mode = modeChoice(raw);
  if (mode) return mode;
  if (isObject(raw) && (raw.type === 'function' || raw.type === 'custom')) {
    const named = requireObject(raw[raw.type], `${path}.${raw.type}`);
    return { type: 'tool', name: requireString(named.name, `${path}.${raw.type}.name`) };
  }
  if (isObject(raw) && raw.type === 'allowed_tools') {
    const allowed = requireObject(raw.allowed_tools, `${path}.allowed_tools`);
    const choice = modeChoice(allowed.mode);
    if (choice?.type !== 'auto' && choice?.type !== 'any') {
      throw GatewayError.invalid(
        `${path}.allowed_tools.mode`,
        `'${path}.allowed_tools.mode' must be 'auto' or 'required'`,
      );
    }
    warnings.push(`${path}.allowed_tools: the allowed subset dropped, every offered tool stays callable`);
    return choice;
  }
  throw GatewayError.invalid(path, `'${path}' must be ${CHOICE_SHAPES}`);
}

/** The three mode strings, shared by both OpenAI request shapes. */
export function modeChoice(raw: unknown): ToolChoice | undefined {
  if (raw === 'auto') return { type: 'auto' };
  if (raw === 'required') return { type: 'any' };
  if (raw === 'none') return { type: 'none' };
  return undefined;
}
