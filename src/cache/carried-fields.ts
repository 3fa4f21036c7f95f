import type { InboundShape } from '#src/providers/relay.types.js';
import { ANTHROPIC_ITEMS, CHAT_ITEMS, OLLAMA_ITEMS, RESPONSES_ITEMS, UNIFIED_SYSTEM } from './carried-items.js';
import { rules, type Kept } from './kept.js';

/**
 * Fields that do not change what the model says in any dialect: streaming, end-user ids, billing
 * and prompt-caching hints, the gateway's own controls (`n` above 1 is refused).
 */
const NEUTRAL = {
  stream: true,
  stream_options: true,
  user: true,
  metadata: true,
  store: true,
  n: true,
  service_tier: true,
  prompt_cache_key: true,
  safety_identifier: true,
  keep_alive: true,
  cache: true,
  routing_rules: true,
} as const;

/** Sampling both OpenAI request shapes (and the unified one) spell the same way. */
const OPENAI_SAMPLING = { temperature: true, top_p: true, seed: true } as const;

/** `xhigh` is decoded as `high`, yet an upstream told `xhigh` may think longer. */
const exactEffort = (value: unknown) => value !== 'xhigh';

/** A json_schema format keeps its name, schema and a boolean `strict`; a `description` is dropped. */
const SCHEMA_SPEC = { name: true, schema: true, strict: (value: unknown) => typeof value === 'boolean' } as const;

const RESPONSES = rules({
  ...NEUTRAL,
  ...OPENAI_SAMPLING,
  ...RESPONSES_ITEMS,
  model: true,
  instructions: true,
  // A mode, or one named tool; any other choice (`allowed_tools`, a hosted tool) is read as `auto`.
  tool_choice: (value: unknown) =>
    typeof value === 'string' ||
    (typeof value === 'object' &&
      value !== null &&
      ['function', 'custom'].includes((value as { type?: string }).type ?? '')),
  parallel_tool_calls: true,
  max_output_tokens: true,
  // Not `text.verbosity`, not `reasoning.summary`; and the `prompt` object (a stored prompt and
  // its variables) not at all.
  text: rules({ format: rules({ type: true, ...SCHEMA_SPEC }) }),
  reasoning: rules({ effort: exactEffort }),
});

/**
 * What each body shape's decoder reads into the canonical request, exactly. A field another
 * dialect's decoder reads (`top_k`, `reasoning`, `thinking` in a chat-completions body) is not
 * carried here: an OpenAI-compatible upstream may still act on it.
 */
export const CARRIED_FIELDS: Readonly<Record<InboundShape, ReadonlyMap<string, Kept>>> = {
  openai: rules({
    ...NEUTRAL,
    ...OPENAI_SAMPLING,
    ...CHAT_ITEMS,
    model: true,
    tool_choice: true,
    parallel_tool_calls: true,
    max_tokens: true,
    max_completion_tokens: true,
    stop: true,
    response_format: rules({ type: true, json_schema: rules(SCHEMA_SPEC) }),
    reasoning_effort: exactEffort,
  }),
  responses: RESPONSES,
  'openai-responses': RESPONSES,
  anthropic: rules({
    ...NEUTRAL,
    ...ANTHROPIC_ITEMS,
    model: true,
    tool_choice: true,
    max_tokens: true,
    temperature: true,
    top_p: true,
    top_k: true,
    stop_sequences: true,
    output_format: rules({ type: true, schema: true }),
    thinking: rules({ type: true, budget_tokens: true }),
  }),
  ollama: rules({
    ...NEUTRAL,
    ...OLLAMA_ITEMS,
    model: true,
    prompt: true,
    system: true,
    format: true,
    // `max` is decoded as `high`.
    think: (value: unknown) => value !== 'max',
    options: rules({ temperature: true, top_p: true, top_k: true, seed: true, stop: true, num_predict: true }),
  }),
  unified: rules({
    ...NEUTRAL,
    ...OPENAI_SAMPLING,
    ...CHAT_ITEMS,
    model: true,
    system: UNIFIED_SYSTEM,
    tool_choice: true,
    max_tokens: true,
    stop: true,
  }),
};
