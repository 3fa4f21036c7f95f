import type { RecordedRequest } from '../fakes/fake-upstream.types.js';
import { asArray, asRecord } from '../fakes/fake-json.js';
import type { FakeCase } from './test-stack.js';
import { PNG_1X1_BASE64, PNG_1X1_DATA_URI } from './png.js';

/** The images a fake received, in that vendor's own shape. */
export function imagesSeen(kind: FakeCase, request: RecordedRequest): unknown[] {
  const messages = asArray(asRecord(request.body).messages).map(asRecord);
  if (kind === 'ollama') return messages.flatMap((m) => asArray(m.images));
  const parts = messages.flatMap((m) => asArray(m.content).map(asRecord));
  if (kind === 'openai') return parts.filter((p) => p.type === 'image_url').map((p) => asRecord(p.image_url).url);
  return parts.filter((p) => p.type === 'image').map((p) => p.source);
}

/** How the 1x1 PNG must look once it reaches each vendor. */
export const EXPECTED_IMAGE: Record<FakeCase, unknown> = {
  openai: PNG_1X1_DATA_URI,
  anthropic: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 },
  ollama: PNG_1X1_BASE64,
};

/** Whether the gateway asked the vendor for a stream (Ollama streams unless told `stream: false`). */
export function askedToStream(kind: FakeCase, request: RecordedRequest): boolean {
  const stream = asRecord(request.body).stream;
  return kind === 'ollama' ? stream !== false : stream === true;
}
