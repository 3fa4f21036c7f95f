import type { ToolChoice, ToolDefinition } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
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

/** Chat Completions `tools`: `[{type:"function", function:{…}}]`. */
export function decodeTools(raw: unknown, path = 'tools'): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  return requireArray(raw, path).map((item, i) => {
    const tool = requireObject(item, `${path}[${i}]`);
    if (tool.type !== 'function') {
      throw GatewayError.invalid(`${path}[${i}].type`, `'${path}[${i}].type' must be 'function'`);
    }
    return decodeFunctionSpec(requireObject(tool.function, `${path}[${i}].function`), `${path}[${i}].function`);
  });
}

/** Chat Completions `tool_choice`: a mode string or `{type:"function", function:{name}}`. */
export function decodeToolChoice(raw: unknown, path = 'tool_choice'): ToolChoice | undefined {
  if (raw === undefined || raw === null) return undefined;
  const mode = modeChoice(raw);
  if (mode) return mode;
  if (isObject(raw) && raw.type === 'function') {
    const fn = requireObject(raw.function, `${path}.function`);
    return { type: 'tool', name: requireString(fn.name, `${path}.function.name`) };
  }
  throw GatewayError.invalid(
    path,
    `'${path}' must be 'none', 'auto', 'required' or {"type":"function","function":{"name":…}}`,
  );
}

/** The three mode strings, shared by both OpenAI request shapes. */
export function modeChoice(raw: unknown): ToolChoice | undefined {
  if (raw === 'auto') return { type: 'auto' };
  if (raw === 'required') return { type: 'any' };
  if (raw === 'none') return { type: 'none' };
  return undefined;
}
