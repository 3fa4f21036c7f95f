import type { DocumentPart, ImagePart, MediaSource, TextPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import {
  decodeContentList,
  decodeMediaRef,
  type MediaRefPaths,
  storedFile,
  storedImage,
} from '#src/dialects/openai/openai-content.decoder.js';
import { toMediaSource } from '#src/dialects/openai/data-uri.mapper.js';
import { optionalString, requireObject, requireString } from '#src/dialects/openai/field.guards.js';

export type ResponsesContentPart = TextPart | ImagePart | DocumentPart;

/**
 * A Responses message's content: a string or `input_text` / `output_text` / `input_image` /
 * `input_file` parts. Parts the canonical form cannot carry (audio, parts of a newer API) are dropped and named in `warnings`: a relayed body keeps them anyway.
 */
export function decodeResponsesContent(raw: unknown, path: string, warnings: string[]): ResponsesContentPart[] {
  if (typeof raw === 'string') return [{ type: 'text', text: raw }];
  return decodeContentList(raw, path, (part, at) => decodeResponsesPart(part, at, warnings));
}

function decodeResponsesPart(raw: unknown, path: string, warnings: string[]): ResponsesContentPart | undefined {
  const part = requireObject(raw, path);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return { type: 'text', text: requireString(part.text, `${path}.text`) };
    case 'refusal':
      return { type: 'text', text: requireString(part.refusal, `${path}.refusal`) };
    case 'input_image':
      if (typeof part.image_url === 'string')
        return decodeMediaRef(part.image_url, part.detail, mediaPaths(path, 'image_url', warnings));
      if (typeof part.file_id === 'string')
        return storedImage(part.file_id, part.detail, mediaPaths(path, 'file_id', warnings));
      return dropped(warnings, path, 'an image without image_url or file_id');
    case 'input_file':
      if (typeof part.file_data === 'string') return decodeInputFile(part.file_data, part.filename, path);
      if (typeof part.file_url === 'string') return decodeFileUrl(part.file_url, part.filename, path);
      if (typeof part.file_id === 'string')
        return withTitle(storedFile(part.file_id, `${path}.file_id`), part.filename, path);
      return dropped(warnings, path, 'a file without file_data, file_url or file_id');
    default:
      return dropped(warnings, path, `part type '${String(part.type)}'`);
  }
}

function mediaPaths(path: string, ref: 'image_url' | 'file_id', warnings: string[]): MediaRefPaths {
  return { urlPath: `${path}.${ref}`, detailPath: `${path}.detail`, warnings };
}

function dropped(warnings: string[], path: string, what: string): undefined {
  warnings.push(`${path}: ${what} dropped`);
  return undefined;
}

function decodeInputFile(fileData: string, filename: unknown, path: string): DocumentPart {
  const source = toMediaSource(fileData);
  if (source?.kind !== 'base64') {
    throw GatewayError.invalid(`${path}.file_data`, `'${path}.file_data' must be a base64 data URI`);
  }
  return withTitle(source, filename, path);
}

function decodeFileUrl(url: string, filename: unknown, path: string): DocumentPart {
  const source = toMediaSource(url);
  if (source?.kind !== 'url')
    throw GatewayError.invalid(`${path}.file_url`, `'${path}.file_url' must be an http(s) URL`);
  return withTitle(source, filename, path);
}

function withTitle(source: MediaSource, filename: unknown, path: string): DocumentPart {
  const title = optionalString(filename, `${path}.filename`);
  return title === undefined ? { type: 'document', source } : { type: 'document', source, title };
}

/** A function call's output: a string, or content parts. */
export function decodeToolOutput(raw: unknown, path: string, warnings: string[]): string | ResponsesContentPart[] {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw;
  return decodeResponsesContent(raw, path, warnings);
}
