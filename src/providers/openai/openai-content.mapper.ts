import type { DocumentPart, ImagePart, MediaSource, TextPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { foreignFileError } from '#src/core/stored-files.js';
import type { OpenAIUserContent } from './openai.wire.types.js';

function dataUri(source: Extract<MediaSource, { kind: 'base64' }>): string {
  return `data:${source.mediaType};base64,${source.data}`;
}

/**
 * Chat Completions takes no image by file id (its `file` part is for documents): one is refused,
 * naming the client's field; a stored file of another vendor is never sent (see routing).
 */
export function toOpenAIImage(part: ImagePart): OpenAIUserContent {
  if (part.source.kind === 'file') {
    if (part.source.vendor !== 'openai') throw foreignFileError(part.source);
    const field = part.source.field;
    throw GatewayError.invalid(
      field,
      `${field}: this model's upstream takes images by URL or inline data, not by file_id (file_id '${part.source.fileId}')`,
    );
  }
  const url = part.source.kind === 'base64' ? dataUri(part.source) : part.source.url;
  return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
}

/**
 * Chat Completions takes documents inline (`file_data`) or as a file OpenAI stores (`file_id`); a
 * URL has no field to go in.
 */
export function toOpenAIDocument(part: DocumentPart, param: string): OpenAIUserContent {
  if (part.source.kind === 'file') {
    if (part.source.vendor !== 'openai') throw foreignFileError(part.source);
    return { type: 'file', file: withTitle({ file_id: part.source.fileId }, part.title) };
  }
  if (part.source.kind !== 'base64') {
    if (!part.source.url.startsWith('data:')) {
      throw GatewayError.invalid(param, `${param}: OpenAI-compatible upstreams accept documents only as inline data`);
    }
    return { type: 'file', file: withTitle({ file_data: part.source.url }, part.title) };
  }
  return { type: 'file', file: withTitle({ file_data: dataUri(part.source) }, part.title) };
}

function withTitle<F extends object>(file: F, title: string | undefined): F & { filename?: string } {
  return title === undefined ? file : { ...file, filename: title };
}

export function toOpenAIUserPart(part: TextPart | ImagePart | DocumentPart, param: string): OpenAIUserContent {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.type === 'image') return toOpenAIImage(part);
  return toOpenAIDocument(part, param);
}
