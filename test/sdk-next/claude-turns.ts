import { anthropicEvent, anthropicMessageStart, anthropicTextDelta } from '../fakes/anthropic-frames.js';
import type { FakeFrame } from '../fakes/fake-upstream.types.js';
import { WEATHER_TOOL } from '../support/dialects/dialect-driver.js';
import { UPSTREAM_MODEL } from '../support/test-stack.js';

/** Claude turns the default fake does not play, scripted frame by frame for the strict stream helpers. */

export const THOUGHT = 'Two cities, so two calls.';

/** A `tool_use` block at `index` asking for the weather in `city`, its input in two pieces. */
function toolUse(index: number, city: string): FakeFrame[] {
  const block = { type: 'tool_use', id: `toolu_${city}`, name: WEATHER_TOOL.name, input: {} };
  const delta = (partial_json: string) => ({ index, delta: { type: 'input_json_delta', partial_json } });
  return [
    anthropicEvent('content_block_start', { index, content_block: block }),
    anthropicEvent('content_block_delta', delta('{"city":')),
    anthropicEvent('content_block_delta', delta(`"${city}"}`)),
    anthropicEvent('content_block_stop', { index }),
  ];
}

/** One extended-thinking turn: Claude thinks, says `text`, then calls the weather tool for each city. */
export function thinkingTurn(text: string, cities: string[], stopReason: string): FakeFrame[] {
  const thinking = { type: 'thinking', thinking: '', signature: '' };
  return [
    anthropicMessageStart('thought', UPSTREAM_MODEL.anthropic, 12),
    anthropicEvent('content_block_start', { index: 0, content_block: thinking }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: THOUGHT } }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'c2ln' } }),
    anthropicEvent('content_block_stop', { index: 0 }),
    anthropicEvent('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    anthropicTextDelta(1, text),
    anthropicEvent('content_block_stop', { index: 1 }),
    ...cities.flatMap((city, i) => toolUse(2 + i, city)),
    anthropicEvent('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: 9 },
    }),
    anthropicEvent('message_stop'),
  ];
}
