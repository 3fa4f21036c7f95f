import type { MediaSource } from '#src/core/chat.types.js';

const DATA_URI = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)((?:;[^;,]*)*);base64,(.*)$/is;

/**
 * Reads a client-supplied media reference: a base64 data URI becomes inline data, an http(s) URL
 * stays a URL. Anything else (a `file_id`, a non-base64 data URI, a relative path) is `undefined`,
 * and the caller names the field in its 400.
 */
export function toMediaSource(ref: string): MediaSource | undefined {
  const match = DATA_URI.exec(ref);
  if (match) return { kind: 'base64', mediaType: match[1].toLowerCase(), data: match[3] };
  if (/^https?:\/\//i.test(ref)) return { kind: 'url', url: ref };
  return undefined;
}

export function isPdf(source: MediaSource): boolean {
  if (source.kind === 'file') return false;
  return source.kind === 'base64' ? source.mediaType === 'application/pdf' : /\.pdf(?:$|[?#])/i.test(source.url);
}
