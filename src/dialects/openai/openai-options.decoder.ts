import type { ReasoningOptions, ResponseFormat } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import {
  type JsonObject,
  optionalNumber,
  optionalString,
  requireObject,
  requireOneOf,
  requireString,
} from './field.guards.js';

/** Sampling options both OpenAI request shapes spell the same way. */
export interface SamplingOptions {
  temperature?: number;
  topP?: number;
  seed?: number;
  user?: string;
}

export function decodeSampling(body: JsonObject): SamplingOptions {
  return dropUndefined({
    temperature: optionalNumber(body.temperature, 'temperature', { min: 0, max: 2 }),
    topP: optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 }),
    seed: optionalNumber(body.seed, 'seed', { integer: true }),
    user: optionalString(body.user, 'user'),
  });
}

export function decodeMaxTokens(value: unknown, path: string): number | undefined {
  return optionalNumber(value, path, { integer: true, min: 1 });
}

/** `stop` is a string or an array of strings; the canonical form is always the array. */
export function decodeStop(raw: unknown, path = 'stop'): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.map((s, i) => requireString(s, `${path}[${i}]`));
  throw GatewayError.invalid(path, `'${path}' must be a string or an array of strings`);
}

const FORMATS = ['text', 'json_object', 'json_schema'] as const;

/**
 * A response format. Chat Completions nests the schema under `json_schema`; the Responses API
 * puts it on the format itself, so the caller says where the schema spec lives.
 */
export function decodeResponseFormat(raw: unknown, path: string, nested: boolean): ResponseFormat | undefined {
  if (raw === undefined || raw === null) return undefined;
  const format = requireObject(raw, path);
  const type = requireOneOf(format.type, FORMATS, `${path}.type`);
  if (type !== 'json_schema') return { type };
  const specPath = nested ? `${path}.json_schema` : path;
  const spec = nested ? requireObject(format.json_schema, specPath) : format;
  const out: ResponseFormat = {
    type,
    name: requireString(spec.name, `${specPath}.name`),
    schema: spec.schema === undefined ? {} : requireObject(spec.schema, `${specPath}.schema`),
  };
  if (typeof spec.strict === 'boolean') out.strict = spec.strict;
  return out;
}

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/** `reasoning_effort` / `reasoning.effort`; `none` switches thinking off, `xhigh` is the canonical top. */
export function decodeReasoningEffort(raw: unknown, path: string): ReasoningOptions | undefined {
  if (raw === undefined || raw === null) return undefined;
  const effort = requireOneOf(raw, EFFORTS, path);
  if (effort === 'none') return { enabled: false };
  return { effort: effort === 'xhigh' ? 'high' : effort };
}

/** Removes absent keys so decoded requests compare and log cleanly. */
export function dropUndefined<T extends object>(value: T): T {
  // A plain loop: it runs several times per request, and entries arrays cost more than the copy.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
