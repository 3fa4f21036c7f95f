import type { ReasoningOptions, ResponseFormat, TextPart } from '#src/core/chat.types.js';
import { decodeText, dropped, type Warnings } from './anthropic-content.decoder.js';
import {
  fail,
  isObject,
  optionalNumber,
  optionalString,
  readArray,
  readEnum,
  readObject,
  readString,
} from './field.readers.js';

export function decodeSystem(value: unknown): TextPart[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : [{ type: 'text', text: value }];
  return readArray(value, 'system').map((b, i) => {
    const block = readObject(b, `system[${i}]`);
    readEnum(block.type, `system[${i}].type`, ['text']);
    return decodeText(block, `system[${i}]`);
  });
}

const EFFORTS: ReadonlySet<string> = new Set(['low', 'medium', 'high', 'max']);

/**
 * `thinking` plus `output_config.effort`; `max` has no canonical peer and becomes `high`. A
 * thinking type or effort newer than this gateway is left out with a warning, not refused.
 */
export function decodeReasoning(
  thinking: unknown,
  outputConfig: unknown,
  warnings: Warnings,
): ReasoningOptions | undefined {
  let reasoning: ReasoningOptions | undefined;
  if (thinking !== undefined && thinking !== null) {
    const obj = readObject(thinking, 'thinking');
    const type = readString(obj.type, 'thinking.type');
    if (type === 'disabled') reasoning = { enabled: false };
    else if (type === 'adaptive') reasoning = { enabled: true };
    else if (type === 'enabled') {
      if (obj.budget_tokens === undefined) fail('thinking.budget_tokens', 'Field required');
      const budgetTokens = optionalNumber(obj.budget_tokens, 'thinking.budget_tokens', { integer: true, min: 1 });
      reasoning = { enabled: true, budgetTokens };
    } else dropped(warnings, 'thinking', `thinking type '${type}'`);
  }
  if (isObject(outputConfig) && outputConfig.effort !== undefined && outputConfig.effort !== null) {
    const effort = readString(outputConfig.effort, 'output_config.effort');
    if (!EFFORTS.has(effort)) dropped(warnings, 'output_config.effort', `effort '${effort}'`);
    else reasoning = { ...reasoning, effort: effort === 'max' ? 'high' : (effort as 'low' | 'medium' | 'high') };
  }
  return reasoning;
}

/** Structured output: `output_config.format`, or the older top-level `output_format`. */
export function decodeOutputFormat(outputConfig: unknown, outputFormat: unknown): ResponseFormat | undefined {
  const path = isObject(outputConfig) && outputConfig.format != null ? 'output_config.format' : 'output_format';
  const value = path === 'output_format' ? outputFormat : (outputConfig as Record<string, unknown>).format;
  if (value === undefined || value === null) return undefined;
  const format = readObject(value, path);
  readEnum(format.type, `${path}.type`, ['json_schema']);
  return { type: 'json_schema', name: 'output', schema: readObject(format.schema, `${path}.schema`) };
}

export function decodeUser(metadata: unknown): string | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  return optionalString(readObject(metadata, 'metadata').user_id, 'metadata.user_id');
}
