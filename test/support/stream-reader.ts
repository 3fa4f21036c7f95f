import { SseParser, type SseFrame } from '#src/core/sse.js';
import { NdjsonParser } from '#src/core/ndjson.js';

export type { SseFrame };

function bodyOf(res: Response): ReadableStream<Uint8Array> {
  if (!res.body) throw new Error(`response ${res.status} has no body`);
  return res.body;
}

/** Reads a whole SSE response into frames. */
export async function readSse(res: Response): Promise<SseFrame[]> {
  const parser = new SseParser();
  const frames: SseFrame[] = [];
  for await (const chunk of bodyOf(res)) frames.push(...parser.push(chunk));
  frames.push(...parser.end());
  return frames;
}

/**
 * Reads frames until `count` have arrived, and leaves the rest of the body unread, so the
 * caller can abort mid-stream. Fails if the stream ends first.
 */
export function readSseFrames(res: Response, count: number): Promise<SseFrame[]> {
  return readSseUntil(res, (frames) => frames.length >= count, `${count} frames`);
}

/**
 * Reads frames until `enough` says so of those read, and leaves the rest of the body unread, so
 * the caller can abort mid-stream. Fails, saying what it waited for, if the stream ends first.
 */
export async function readSseUntil(
  res: Response,
  enough: (frames: SseFrame[]) => boolean,
  awaited: string,
): Promise<SseFrame[]> {
  const parser = new SseParser();
  const frames: SseFrame[] = [];
  const reader = bodyOf(res).getReader();
  while (!enough(frames)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended after ${frames.length} frames, before ${awaited}`);
    frames.push(...parser.push(value));
  }
  reader.releaseLock();
  return frames;
}

/** Parses each frame's data as JSON, skipping `[DONE]`. */
export function sseJson(frames: SseFrame[]): unknown[] {
  return frames.filter((f) => f.data !== '[DONE]').map((f) => JSON.parse(f.data) as unknown);
}

/** Reads a whole NDJSON response into parsed lines. */
export async function readNdjson(res: Response): Promise<unknown[]> {
  const parser = new NdjsonParser();
  const lines: string[] = [];
  for await (const chunk of bodyOf(res)) lines.push(...parser.push(chunk));
  lines.push(...parser.end());
  return lines.map((l) => JSON.parse(l) as unknown);
}
