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

type Effort = NonNullable<ReasoningOptions['effort']>;

/** Efforts by the value a client sends; above `high` (`xhigh`, `max`) the canonical top is `high`. */
const EFFORTS: ReadonlyMap<string, Effort> = new Map([
  ['minimal', 'minimal'],
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['xhigh', 'high'],
  ['max', 'high'],
]);

/**
 * `reasoning_effort` / `reasoning.effort`; `none` switches thinking off. An effort newer than the
 * gateway is left out and noted in `warnings`: the upstream's default applies, and a relayed body
 * still carries it.
 */
export function decodeReasoningEffort(raw: unknown, path: string, warnings: string[]): ReasoningOptions | undefined {
  if (raw === undefined || raw === null) return undefined;
  const value = requireString(raw, path);
  if (value === 'none') return { enabled: false };
  const effort = EFFORTS.get(value);
  if (effort !== undefined) return { effort };
  warnings.push(`${path}: reasoning effort '${value}' dropped`);
  return undefined;
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
