import type { ChatRequest } from '#src/core/chat.types.js';
import type { InboundBody } from '#src/providers/relay.types.js';

/**
 * Top-level body fields of any dialect that the canonical request carries (so the key covers
 * them already), or that do not change what the model says (streaming, end-user ids, billing and
 * prompt-caching hints, the gateway's own controls).
 */
const CARRIED = new Set([
  'model',
  'messages',
  'system',
  'instructions',
  'input',
  'prompt',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'max_output_tokens',
  'temperature',
  'top_p',
  'top_k',
  'seed',
  'stop',
  'stop_sequences',
  'response_format',
  'format',
  'text',
  'output_format',
  'reasoning',
  'reasoning_effort',
  'thinking',
  'think',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'store',
  'n',
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
  'keep_alive',
  'cache',
  'routing_rules',
]);

/**
 * Object fields of which the canonical request carries some members only; the others still reach
 * a same-format upstream and change its answer. Ollama's `options` carry the sampling settings;
 * the Responses API's `text` its `format` (not `verbosity`), `reasoning` its `effort` (not
 * `summary`); its `prompt` object (a stored prompt and its variables) carries nothing: only
 * Ollama's `prompt`, a string, is carried.
 */
const CARRIED_MEMBERS = new Map<string, ReadonlySet<string>>([
  ['options', new Set(['temperature', 'top_p', 'top_k', 'seed', 'stop', 'num_predict'])],
  ['text', new Set(['format'])],
  ['reasoning', new Set(['effort'])],
  ['prompt', new Set()],
]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a request asks of the model beyond its canonical form, for the cache key. A same-format
 * upstream is sent the client's body as it came, so a field the canonical form leaves out
 * (`frequency_penalty`, `logprobs`, an Ollama `repeat_penalty`) still shapes the answer; and
 * when the decoder dropped a part it has no form for (a server tool, an unknown block), the
 * conversation itself is only known from the body (`inbound`, the client's body as it came).
 * Undefined for a request fully carried, which keeps it answerable across dialects.
 */
export function uncarriedInputs(
  request: ChatRequest,
  inbound: InboundBody | undefined,
): Record<string, unknown> | undefined {
  if (inbound === undefined) return undefined;
  const { stream: _stream, stream_options: _options, ...body } = inbound.body;
  if (request.warnings !== undefined && request.warnings.length > 0) return { shape: inbound.shape, body };
  const extras: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const members = CARRIED_MEMBERS.get(name);
    if (members !== undefined && isRecord(value)) {
      for (const [member, inner] of Object.entries(value)) {
        if (!members.has(member)) extras[`${name}.${member}`] = inner;
      }
    } else if (!CARRIED.has(name)) extras[name] = value;
  }
  return Object.keys(extras).length > 0 ? extras : undefined;
}
