import { asRecord, asString } from '../fakes/fake-json.js';
import { readSse } from './stream-reader.js';

/**
 * How Codex CLI ends a turn on a Responses stream (codex-rs `codex-api/src/sse/responses.rs`):
 * it reads only `response.completed` and `response.failed`; an `error` event means nothing to
 * it, and a stream that ends without either is "stream closed before response.completed",
 * retried blind. A failure's code picks what it does (`context_length_exceeded` compacts,
 * `insufficient_quota` stops), and a rate limit's wait comes from its message.
 */
export type CodexOutcome =
  | { ended: 'completed' }
  | { ended: 'failed'; code: string | undefined; retryAfterMs: number | undefined }
  | { ended: 'stream closed before response.completed' };

const WAIT = /Please try again in (\d+(?:\.\d+)?)(s|ms)/;

export async function codexOutcome(res: Response): Promise<CodexOutcome> {
  for (const frame of await readSse(res)) {
    const event = asRecord(JSON.parse(frame.data) as unknown);
    if (event.type === 'response.completed') return { ended: 'completed' };
    if (event.type !== 'response.failed') continue;
    const error = asRecord(asRecord(event.response).error);
    const code = asString(error.code);
    const wait = code === 'rate_limit_exceeded' ? WAIT.exec(asString(error.message) ?? '') : null;
    const retryAfterMs = wait ? Number(wait[1]) * (wait[2] === 's' ? 1000 : 1) : undefined;
    return { ended: 'failed', code, retryAfterMs };
  }
  return { ended: 'stream closed before response.completed' };
}
