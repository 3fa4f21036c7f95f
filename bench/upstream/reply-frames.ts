/** The text piece of chunk `i`; distinct pieces let a client see a dropped, merged or reordered chunk. */
export const chunkText = (i: number): string => `t${i} `;

export const expectedText = (chunks: number): string => Array.from({ length: chunks }, (_, i) => chunkText(i)).join('');

/** A pre-encoded streamed answer: frames before the text, one per text chunk, frames after. */
export interface StreamFrames {
  head: Buffer[];
  chunks: Buffer[];
  tail: Buffer[];
}

export const dataFrame = (data: unknown): Buffer =>
  Buffer.from(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);

export const namedFrame = (event: string, data: Record<string, unknown>): Buffer =>
  Buffer.from(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
