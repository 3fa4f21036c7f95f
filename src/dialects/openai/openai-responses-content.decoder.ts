import type { ImagePart, DocumentPart, TextPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { decodeContentList, decodeMediaRef } from './openai-content.decoder.js';
import { toMediaSource } from './data-uri.mapper.js';
import { optionalString, requireObject, requireString } from './field.guards.js';

export type ResponsesContentPart = TextPart | ImagePart | DocumentPart;

/** A Responses message's content: a string or `input_text` / `output_text` / `input_image` / `input_file` parts. */
export function decodeResponsesContent(raw: unknown, path: string): ResponsesContentPart[] {
  if (typeof raw === 'string') return [{ type: 'text', text: raw }];
  return decodeContentList(raw, path, decodeResponsesPart);
}

function decodeResponsesPart(raw: unknown, path: string): ResponsesContentPart {
  const part = requireObject(raw, path);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return { type: 'text', text: requireString(part.text, `${path}.text`) };
    case 'refusal':
      return { type: 'text', text: requireString(part.refusal, `${path}.refusal`) };
    case 'input_image':
      if (part.image_url === undefined && part.file_id !== undefined) {
        throw GatewayError.invalid(
          `${path}.file_id`,
          `'${path}.file_id': uploaded file ids are not supported; send image_url`,
        );
      }
      return decodeMediaRef(
        requireString(part.image_url, `${path}.image_url`),
        part.detail,
        `${path}.image_url`,
        `${path}.detail`,
      );
    case 'input_file':
      return decodeInputFile(part.file_data, part.filename, path);
    default:
      throw GatewayError.invalid(
        `${path}.type`,
        `'${path}.type' must be one of: input_text, output_text, input_image, input_file`,
      );
  }
}

function decodeInputFile(fileData: unknown, filename: unknown, path: string): DocumentPart {
  const source = toMediaSource(requireString(fileData, `${path}.file_data`));
  if (source?.kind !== 'base64') {
    throw GatewayError.invalid(`${path}.file_data`, `'${path}.file_data' must be a base64 data URI`);
  }
  const title = optionalString(filename, `${path}.filename`);
  return title === undefined ? { type: 'document', source } : { type: 'document', source, title };
}

/** A function call's output: a string, or content parts. */
export function decodeToolOutput(raw: unknown, path: string): string | ResponsesContentPart[] {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw;
  return decodeResponsesContent(raw, path);
}
