import type { CacheControl, DocumentPart, ImagePart, MediaSource, TextPart } from '#src/core/chat.types.js';
import {
  optionalCacheControl,
  optionalString,
  readArray,
  readEnum,
  readObject,
  readString,
  type JsonObject,
} from './field.readers.js';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

function urlSource(source: JsonObject, path: string): MediaSource {
  return { kind: 'url', url: readString(source.url, `${path}.url`) };
}

/** A file uploaded through Anthropic's Files API, named by its id: only Claude can read it. */
function fileSource(source: JsonObject, path: string): MediaSource {
  return { kind: 'file', vendor: 'anthropic', fileId: readString(source.file_id, `${path}.file_id`), field: path };
}

function withCache<P extends { cacheControl?: CacheControl }>(part: P, block: JsonObject, path: string): P {
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  if (cacheControl) part.cacheControl = cacheControl;
  return part;
}

function imageSource(source: JsonObject, path: string): MediaSource {
  const kind = readEnum(source.type, `${path}.type`, ['base64', 'url', 'file']);
  if (kind === 'url') return urlSource(source, path);
  if (kind === 'file') return fileSource(source, path);
  return {
    kind: 'base64',
    mediaType: readEnum(source.media_type, `${path}.media_type`, IMAGE_TYPES),
    data: readString(source.data, `${path}.data`),
  };
}

export function decodeImage(block: JsonObject, path: string): ImagePart {
  const part: ImagePart = {
    type: 'image',
    source: imageSource(readObject(block.source, `${path}.source`), `${path}.source`),
  };
  return withCache(part, block, path);
}

/**
 * A plain-text document keeps its document shape (title, citations upstream) in the canonical
 * form: it becomes a base64 `text/plain` source, which is what the text decodes back to.
 */
function documentSource(source: JsonObject, kind: 'base64' | 'url' | 'text' | 'file', path: string): MediaSource {
  if (kind === 'url') return urlSource(source, path);
  if (kind === 'file') return fileSource(source, path);
  if (kind === 'text') {
    readEnum(source.media_type, `${path}.media_type`, ['text/plain']);
    const text = readString(source.data, `${path}.data`);
    return { kind: 'base64', mediaType: 'text/plain', data: Buffer.from(text, 'utf8').toString('base64') };
  }
  return {
    kind: 'base64',
    mediaType: readEnum(source.media_type, `${path}.media_type`, ['application/pdf']),
    data: readString(source.data, `${path}.data`),
  };
}

/**
 * A custom content document (`source.type: "content"`) is read as the blocks it holds, text and
 * images, in order; its cache breakpoint moves to the last of them, which ends the same prefix.
 * A relayed body keeps the document itself (and its title and citations).
 */
function contentDocument(block: JsonObject, source: JsonObject, path: string): Array<TextPart | ImagePart> {
  const at = `${path}.source.content`;
  const parts: Array<TextPart | ImagePart> =
    typeof source.content === 'string'
      ? [{ type: 'text', text: source.content }]
      : readArray(source.content, at).map((raw, k) => contentBlock(raw, `${at}[${k}]`));
  const last = parts.at(-1);
  return last === undefined ? parts : [...parts.slice(0, -1), withCache(last, block, path)];
}

function contentBlock(raw: unknown, path: string): TextPart | ImagePart {
  const block = readObject(raw, path);
  const type = readEnum(block.type, `${path}.type`, ['text', 'image']);
  if (type === 'image') return decodeImage(block, path);
  const text: TextPart = { type: 'text', text: readString(block.text, `${path}.text`) };
  return withCache(text, block, path);
}

/** A document block: one document part, or, for a custom content document, the blocks it holds. */
export function decodeDocument(block: JsonObject, path: string): DocumentPart | Array<TextPart | ImagePart> {
  const raw = readObject(block.source, `${path}.source`);
  const kind = readEnum(raw.type, `${path}.source.type`, ['base64', 'url', 'text', 'content', 'file']);
  if (kind === 'content') return contentDocument(block, raw, path);
  const part: DocumentPart = { type: 'document', source: documentSource(raw, kind, `${path}.source`) };
  const title = optionalString(block.title, `${path}.title`);
  if (title !== undefined) part.title = title;
  return withCache(part, block, path);
}
