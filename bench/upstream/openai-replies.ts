import { chunkText, dataFrame, expectedText, type StreamFrames } from './reply-frames.js';

/** Chat Completions answers as the vendor shapes them; ids are fixed, the fake is not under test. */
const ID = 'chatcmpl-bench';
const CREATED = 1_730_000_000;
const MODEL = 'bench-upstream';

function usage(chunks: number) {
  return { prompt_tokens: 12, completion_tokens: chunks, total_tokens: 12 + chunks };
}

export function openaiJson(chunks: number): Buffer {
  const message = { role: 'assistant', content: expectedText(chunks), refusal: null };
  return Buffer.from(
    JSON.stringify({
      id: ID,
      object: 'chat.completion',
      created: CREATED,
      model: MODEL,
      choices: [{ index: 0, message, logprobs: null, finish_reason: 'stop' }],
      usage: usage(chunks),
    }),
  );
}

function chunk(delta: unknown, finish: string | null, withUsage: boolean) {
  const body: Record<string, unknown> = {
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
  if (withUsage) body.usage = null;
  return dataFrame(body);
}

/** role chunk, one chunk per text piece, finish chunk, the usage chunk when asked for, [DONE]. */
export function openaiStream(chunks: number, withUsage: boolean): StreamFrames {
  const tail = [chunk({}, 'stop', withUsage)];
  if (withUsage) {
    const usageChunk = { id: ID, object: 'chat.completion.chunk', created: CREATED, model: MODEL, choices: [] };
    tail.push(dataFrame({ ...usageChunk, usage: usage(chunks) }));
  }
  tail.push(dataFrame('[DONE]'));
  return {
    head: [chunk({ role: 'assistant', content: '' }, null, withUsage)],
    chunks: Array.from({ length: chunks }, (_, i) => chunk({ content: chunkText(i) }, null, withUsage)),
    tail,
  };
}
