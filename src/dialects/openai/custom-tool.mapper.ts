import { isObject } from './field.guards.js';

/** The one-string schema a custom (free-form) tool is offered under to upstreams without custom tools. */
export const CUSTOM_TOOL_PARAMETERS: Record<string, unknown> = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for this tool' } },
  required: ['input'],
};

/** A custom tool's raw input as the arguments of a call to its stand-in function. */
export function customToolArguments(input: string): string {
  return JSON.stringify({ input });
}

/** A custom tool's call arrives as `{"input": "…"}` (the schema it was offered under); its raw input. */
export function customToolInput(argumentsJson: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsJson || '{}');
    if (isObject(parsed) && typeof parsed.input === 'string') return parsed.input;
  } catch {
    // An upstream that ignored the schema: its text is the best guess at the input.
  }
  return argumentsJson;
}

/**
 * The names of the custom tools a Chat Completions body offered (`{type:"custom", custom:{name}}`),
 * whose calls are answered in the custom shape. Entries were already validated by the decoder.
 */
export function offeredCustomTools(body: Record<string, unknown>): ReadonlySet<string> {
  const names = new Set<string>();
  const tools = Array.isArray(body.tools) ? body.tools : [];
  for (const tool of tools.filter(isObject)) {
    if (tool.type === 'custom' && isObject(tool.custom) && typeof tool.custom.name === 'string') {
      names.add(tool.custom.name);
    }
  }
  return names;
}
