import type { ChatResponse } from '#src/core/chat.types.js';
import type { Clock } from '#src/core/clock.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { ollamaLine, toolCallOut, type OllamaEndpoint } from './ollama-line.encoder.js';
import { ollamaDoneReason, ollamaMetrics } from './ollama-metrics.js';

/**
 * A whole answer (`stream: false`): the final line's fields with the whole message. The upstream
 * answered in one piece too, so the winning attempt's time (request sent to whole answer read) is
 * the generation; only the gateway's time before that attempt counts as prompt evaluation.
 */
export function encodeOllamaResponse(
  endpoint: OllamaEndpoint,
  response: ChatResponse,
  meta: ResponseMeta,
  clock: Clock,
) {
  let content = '';
  let thinking = '';
  const toolCalls = response.content.flatMap((part, i) => {
    if (part.type === 'text') content += part.text;
    else if (part.type === 'thinking') thinking += part.text;
    else return [toolCallOut(part.id, i, part.name, part.arguments)];
    return [];
  });
  toolCalls.forEach((call, index) => (call.function.index = index));
  const endedAt = clock.monotonic();
  const startedAt = meta.startedAt ?? endedAt;
  const generationMs = meta.attempts.at(-1)?.ms ?? endedAt - startedAt;
  const times = { startedAt, firstContentAt: endedAt - generationMs, endedAt };
  const line = ollamaLine(
    endpoint,
    { model: meta.model, createdAt: clock.now() },
    { content, thinking, toolCalls },
    true,
  );
  return { ...line, done_reason: ollamaDoneReason(response.stopReason), ...ollamaMetrics(response.usage, times) };
}
