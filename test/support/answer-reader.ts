import { asArray, asRecord, asString } from '../fakes/fake-json.js';
import { fromUnifiedStream } from './dialects/unified-answer.js';
import type { Dialect } from './requests.js';
import { readSse, type SseFrame } from './stream-reader.js';

/** One entry of `_attempts`, as the unified dialect reports it. */
export interface AttemptSeen {
  model: string;
  provider: string;
  outcome: 'ok' | 'error';
  errorKind?: string;
  status?: number;
  ms: number;
}

/** A successful answer in any dialect: its text, plus `_route`/`_attempts` when the dialect shows them. */
export interface AnswerSeen {
  text: string;
  route?: Record<string, unknown>;
  attempts?: AttemptSeen[];
}

const dataOf = (frame: SseFrame) => asRecord(JSON.parse(frame.data) as unknown);

function openaiStream(frames: SseFrame[]): AnswerSeen {
  if (frames.at(-1)?.data !== '[DONE]') throw new Error(`stream did not end with [DONE]: ${JSON.stringify(frames)}`);
  const text = frames
    .slice(0, -1)
    .map((f) => asString(asRecord(asRecord(asArray(dataOf(f).choices)[0]).delta).content) ?? '')
    .join('');
  return { text };
}

function anthropicStream(frames: SseFrame[]): AnswerSeen {
  if (frames.at(-1)?.event !== 'message_stop') throw new Error(`stream did not end cleanly: ${JSON.stringify(frames)}`);
  const text = frames
    .filter((f) => f.event === 'content_block_delta')
    .map((f) => asString(asRecord(dataOf(f).delta).text) ?? '')
    .join('');
  return { text };
}

function unifiedStream(frames: SseFrame[]): AnswerSeen {
  const start = frames.find((f) => f.event === 'start');
  const done = frames.find((f) => f.event === 'done');
  return {
    text: fromUnifiedStream(frames).content,
    route: start && asRecord(dataOf(start)._route),
    attempts: done && (asArray(dataOf(done)._attempts) as AttemptSeen[]),
  };
}

function fromJson(dialect: Dialect, body: unknown): AnswerSeen {
  const json = asRecord(body);
  if (dialect === 'openai') {
    return { text: asString(asRecord(asRecord(asArray(json.choices)[0]).message).content) ?? '' };
  }
  if (dialect === 'anthropic') {
    return {
      text: asArray(json.content)
        .map((b) => asString(asRecord(b).text) ?? '')
        .join(''),
    };
  }
  return {
    text: asString(json.content) ?? '',
    route: asRecord(json._route),
    attempts: asArray(json._attempts) as AttemptSeen[],
  };
}

const STREAM_READER = { openai: openaiStream, anthropic: anthropicStream, unified: unifiedStream };

/** Reads a 200 answer whole; a stream must have ended the way its dialect ends a success. */
export async function readAnswer(dialect: Dialect, res: Response, stream: boolean): Promise<AnswerSeen> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return stream ? STREAM_READER[dialect](await readSse(res)) : fromJson(dialect, await res.json());
}
