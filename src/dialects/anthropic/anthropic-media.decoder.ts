import type { DocumentPart, ImagePart, MediaSource } from '#src/core/chat.types.js';
import {
  optionalCacheControl,
  optionalString,
  readEnum,
  readObject,
  readString,
  type JsonObject,
} from './field.readers.js';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

function urlSource(source: JsonObject, path: string): MediaSource {
  return { kind: 'url', url: readString(source.url, `${path}.url`) };
}

export function decodeImage(block: JsonObject, path: string): ImagePart {
  const source = readObject(block.source, `${path}.source`);
  const kind = readEnum(source.type, `${path}.source.type`, ['base64', 'url']);
  const part: ImagePart = {
    type: 'image',
    source:
      kind === 'url'
        ? urlSource(source, `${path}.source`)
        : {
            kind: 'base64',
            mediaType: readEnum(source.media_type, `${path}.source.media_type`, IMAGE_TYPES),
            data: readString(source.data, `${path}.source.data`),
          },
  };
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  if (cacheControl) part.cacheControl = cacheControl;
  return part;
}

/**
 * A plain-text document keeps its document shape (title, citations upstream) in the canonical
 * form: it becomes a base64 `text/plain` source, which is what the text decodes back to.
 */
function documentSource(source: JsonObject, path: string): MediaSource {
  const kind = readEnum(source.type, `${path}.type`, ['base64', 'url', 'text']);
  if (kind === 'url') return urlSource(source, path);
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

export function decodeDocument(block: JsonObject, path: string): DocumentPart {
  const part: DocumentPart = {
    type: 'document',
    source: documentSource(readObject(block.source, `${path}.source`), `${path}.source`),
  };
  const title = optionalString(block.title, `${path}.title`);
  if (title !== undefined) part.title = title;
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  if (cacheControl) part.cacheControl = cacheControl;
  return part;
}
