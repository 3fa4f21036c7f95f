import { randomBytes } from 'node:crypto';
import { anthropicFacts } from '../fakes/anthropic-fake.js';
import { asRecord } from '../fakes/fake-json.js';
import { toolTurn, type ConversationFacts, type TurnPlanner } from '../fakes/fake-turn.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';
import type { RecordedRequest } from '../fakes/fake-upstream.types.js';
import { ollamaFacts } from '../fakes/ollama-fake.js';
import { openaiFacts } from '../fakes/openai-fake.js';
import { responsesFacts } from '../fakes/openai-responses-frames.js';
import type { FakeCase } from '../support/test-stack.js';

/** What the scripted model says whenever it is not asked to run the command (background calls too). */
export const PLAIN_ANSWER = 'A scripted answer from the fake upstream.';

/** A shell command whose output appears nowhere in the conversation before the command has run. */
export interface MarkerCommand {
  command: string;
  output: string;
  /** The word in the prompt that makes the scripted model call the tool. */
  trigger: string;
}

export function markerCommand(): MarkerCommand {
  const tag = `sy${randomBytes(4).toString('hex')}`;
  // The shell computes the suffix, so the output is proof that the command ran.
  return { command: `echo ${tag}-$((6*7))`, output: `${tag}-42`, trigger: tag };
}

/** The scripted model's last words once the tool result carrying the marker has come back. */
export const doneText = (marker: MarkerCommand) => `The command printed ${marker.output}.`;

/**
 * A scripted coding model: asked about the marker (with tools on offer), it calls `tool` with
 * `args`; given that tool's result, it reports what the command printed; anything else (titles,
 * warm-ups, summaries) gets the plain answer.
 */
export function agentTurns(marker: MarkerCommand, tool: string, args: Record<string, unknown>): TurnPlanner {
  return (facts: ConversationFacts) => {
    if (facts.toolResult !== undefined) {
      const text = facts.toolResult.includes(marker.output)
        ? doneText(marker)
        : `The tool result did not carry ${marker.output}.`;
      return { kind: 'text', text };
    }
    if (facts.firstToolName !== undefined && facts.lastUserText.includes(marker.trigger)) return toolTurn(tool, args);
    return { kind: 'text', text: PLAIN_ANSWER };
  };
}

const FACTS: Record<FakeCase, (request: RecordedRequest) => ConversationFacts> = {
  anthropic: (request) => anthropicFacts(asRecord(request.body)),
  // The OpenAI fake serves Chat Completions and, to relaying providers, the Responses API.
  openai: (request) =>
    request.path === '/v1/responses' ? responsesFacts(asRecord(request.body)) : openaiFacts(asRecord(request.body)),
  ollama: (request) => ollamaFacts(asRecord(request.body)),
};

/** What the chat requests that reached a fake said, read from its own wire format, in arrival order. */
export function conversationsSeen(kind: FakeCase, fake: FakeUpstream): ConversationFacts[] {
  return fake.chatRequests.map(FACTS[kind]);
}

/** The tool results that reached a fake, in arrival order. */
export function toolResultsSeen(kind: FakeCase, fake: FakeUpstream): string[] {
  return conversationsSeen(kind, fake)
    .map((facts) => facts.toolResult)
    .filter((result): result is string => result !== undefined);
}
