import type { ChatRequest, ReasoningOptions, ResponseFormat, ToolDefinition } from '#src/core/chat.types.js';
import { isObject, ollamaFields as read } from './ollama-fields.js';

type Sampling = Pick<ChatRequest, 'temperature' | 'topP' | 'topK' | 'maxTokens' | 'stop' | 'seed'>;

/**
 * The `options` the canonical form has a place for; the rest (`num_ctx`, `repeat_penalty`…) only
 * mean something to an Ollama upstream's runner and are not forwarded elsewhere.
 */
export function decodeOllamaOptions(raw: unknown): Sampling {
  if (raw === undefined || raw === null) return {};
  const o = read.object(raw, 'options');
  const numPredict = read.optionalNumber(o.num_predict, 'options.num_predict', { integer: true });
  const stop = o.stop === undefined || o.stop === null ? undefined : decodeStop(o.stop);
  return {
    temperature: read.optionalNumber(o.temperature, 'options.temperature', { min: 0 }),
    topP: read.optionalNumber(o.top_p, 'options.top_p', { min: 0, max: 1 }),
    topK: read.optionalNumber(o.top_k, 'options.top_k', { integer: true, min: 0 }),
    // -1 (until done) and -2 (until the context fills) both mean "no limit".
    maxTokens: numPredict !== undefined && numPredict > 0 ? numPredict : undefined,
    stop: stop && stop.length > 0 ? stop : undefined,
    seed: read.optionalNumber(o.seed, 'options.seed', { integer: true }),
  };
}

const MAPPED_OPTIONS: ReadonlySet<string> = new Set(['temperature', 'top_p', 'top_k', 'num_predict', 'stop', 'seed']);

/** Runner options no canonical field carries (`num_ctx`, `repeat_penalty`…), one note each. */
export function unusedOptions(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  return Object.keys(raw)
    .filter((key) => !MAPPED_OPTIONS.has(key))
    .map((key) => `options.${key}: not passed on`);
}

function decodeStop(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  return read.array(raw, 'options.stop').map((s, i) => read.string(s, `options.stop[${i}]`));
}

/** `"json"` is any JSON object; an object is a JSON schema the answer must follow. */
export function decodeOllamaFormat(raw: unknown): ResponseFormat | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === 'json') return { type: 'json_object' };
  if (isObject(raw)) return { type: 'json_schema', name: 'response', schema: raw };
  return read.fail('format', 'format: expected "json" or a JSON schema object');
}

/** `think`: a boolean, or an effort level (`"max"` is the highest the canonical form has). */
export function decodeOllamaThink(raw: unknown): ReasoningOptions | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return { enabled: raw };
  const level = read.oneOf(raw, 'think', ['low', 'medium', 'high', 'max'] as const);
  return { enabled: true, effort: level === 'max' ? 'high' : level };
}

export function decodeOllamaTools(raw: unknown): ToolDefinition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const tools = read.array(raw, 'tools').map((item, i) => {
    const path = `tools[${i}]`;
    const fn = read.object(read.object(item, path).function, `${path}.function`);
    const description = read.optionalString(fn.description, `${path}.function.description`);
    const parameters =
      fn.parameters === undefined || fn.parameters === null
        ? {}
        : read.object(fn.parameters, `${path}.function.parameters`);
    return {
      name: read.string(fn.name, `${path}.function.name`),
      ...(description === undefined ? {} : { description }),
      parameters,
    };
  });
  return tools.length > 0 ? tools : undefined;
}
