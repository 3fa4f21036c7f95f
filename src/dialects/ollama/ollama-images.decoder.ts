import type { ImagePart } from '#src/core/chat.types.js';
import { ollamaFields } from './ollama-fields.js';

/** Leading base64 characters of the image formats vision models take, and their media types. */
const SIGNATURES: Array<[prefix: string, mediaType: string]> = [
  ['iVBORw0KGgo', 'image/png'],
  ['/9j/', 'image/jpeg'],
  ['R0lGOD', 'image/gif'],
  ['UklGR', 'image/webp'],
];

const DATA_URI = /^data:([^;,]+);base64,(.*)$/s;

/**
 * Ollama's `images` are raw base64 without a media type; upstreams that need one get it from the
 * bytes' signature (PNG when unknown, which every vision upstream accepts to try). A data URI,
 * which some clients send anyway, keeps its own type.
 */
export function decodeOllamaImages(raw: unknown, path: string): ImagePart[] {
  if (raw === undefined || raw === null) return [];
  return ollamaFields.array(raw, path).map((item, i) => {
    const data = ollamaFields.string(item, `${path}[${i}]`);
    const uri = DATA_URI.exec(data);
    if (uri) return { type: 'image', source: { kind: 'base64', mediaType: uri[1], data: uri[2] } };
    return { type: 'image', source: { kind: 'base64', mediaType: sniffMediaType(data), data } };
  });
}

export function sniffMediaType(base64: string): string {
  return SIGNATURES.find(([prefix]) => base64.startsWith(prefix))?.[1] ?? 'image/png';
}
