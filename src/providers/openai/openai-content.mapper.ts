import type { DocumentPart, ImagePart, MediaSource, TextPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { OpenAIUserContent } from './openai.wire.types.js';

function dataUri(source: Extract<MediaSource, { kind: 'base64' }>): string {
  return `data:${source.mediaType};base64,${source.data}`;
}

export function toOpenAIImage(part: ImagePart): OpenAIUserContent {
  const url = part.source.kind === 'base64' ? dataUri(part.source) : part.source.url;
  return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
}

/** Chat Completions takes documents only inline (`file_data`); a URL has no field to go in. */
export function toOpenAIDocument(part: DocumentPart, param: string): OpenAIUserContent {
  if (part.source.kind !== 'base64') {
    if (!part.source.url.startsWith('data:')) {
      throw GatewayError.invalid(param, `${param}: OpenAI-compatible upstreams accept documents only as inline data`);
    }
    return { type: 'file', file: withTitle({ file_data: part.source.url }, part.title) };
  }
  return { type: 'file', file: withTitle({ file_data: dataUri(part.source) }, part.title) };
}

function withTitle(file: { file_data: string }, title: string | undefined): { file_data: string; filename?: string } {
  return title === undefined ? file : { ...file, filename: title };
}

export function toOpenAIUserPart(part: TextPart | ImagePart | DocumentPart, param: string): OpenAIUserContent {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (part.type === 'image') return toOpenAIImage(part);
  return toOpenAIDocument(part, param);
}
