import type { DocumentPart, ImagePart, MediaSource, TextPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { isPdf, toMediaSource } from './data-uri.mapper.js';
import { optionalString, requireObject, requireString } from './field.guards.js';

export type UserContentPart = TextPart | ImagePart | DocumentPart;

type ImageDetail = NonNullable<ImagePart['detail']>;

/**
 * Image details by the value a client sends. `original` (full resolution, Responses only) is kept
 * for a relayed body; upstreams the request is translated for know `high` as the nearest.
 */
const DETAILS: ReadonlyMap<string, ImageDetail> = new Map([
  ['auto', 'auto'],
  ['low', 'low'],
  ['high', 'high'],
  ['original', 'high'],
]);

/**
 * Decodes one Chat Completions content part of a user (or tool) message. A part type the gateway
 * cannot carry (audio, or one newer than it) is left out and noted in `warnings`: a same-format
 * upstream still gets it, from the client's own body.
 */
export function decodeContentPart(raw: unknown, path: string, warnings: string[] = []): UserContentPart | undefined {
  const part = requireObject(raw, path);
  switch (part.type) {
    case 'text':
      return { type: 'text', text: requireString(part.text, `${path}.text`) };
    case 'image_url':
      return decodeImageUrl(part.image_url, `${path}.image_url`, warnings);
    case 'file':
      return decodeFile(part.file, `${path}.file`);
    default:
      if (typeof part.type !== 'string') requireString(part.type, `${path}.type`);
      warnings.push(`${path}: part type '${String(part.type)}' dropped`);
      return undefined;
  }
}

/** `image_url` is `{url, detail?}`; a bare URL string is accepted too, as some clients send it. */
function decodeImageUrl(raw: unknown, path: string, warnings: string[]): ImagePart | DocumentPart {
  const image = typeof raw === 'string' ? { url: raw } : requireObject(raw, path);
  const url = requireString(image.url, `${path}.url`);
  return decodeMediaRef(url, image.detail, { urlPath: `${path}.url`, detailPath: `${path}.detail`, warnings });
}

/** Where an image reference sits in the body, and where to note a detail the gateway does not know. */
export interface MediaRefPaths {
  urlPath: string;
  detailPath: string;
  warnings: string[];
}

/** An image reference by URL or data URI; a PDF sent as an image is a document to every upstream that reads PDFs. */
export function decodeMediaRef(url: string, rawDetail: unknown, paths: MediaRefPaths): ImagePart | DocumentPart {
  const source = toMediaSource(url);
  if (!source) {
    throw GatewayError.invalid(paths.urlPath, `'${paths.urlPath}' must be an http(s) URL or a base64 data URI`);
  }
  if (isPdf(source)) return { type: 'document', source };
  return withDetail({ type: 'image', source }, rawDetail, paths);
}

/** An image OpenAI stores for the account, by id (Responses' `input_image.file_id`). */
export function storedImage(fileId: unknown, rawDetail: unknown, paths: MediaRefPaths): ImagePart {
  return withDetail({ type: 'image', source: storedFile(fileId, paths.urlPath) }, rawDetail, paths);
}

/** A detail newer than the gateway is only a hint: the image goes without it, and the client is told. */
function withDetail(image: ImagePart, rawDetail: unknown, paths: MediaRefPaths): ImagePart {
  if (rawDetail === undefined || rawDetail === null) return image;
  const detail = DETAILS.get(requireString(rawDetail, paths.detailPath));
  if (detail !== undefined) return { ...image, detail };
  paths.warnings.push(`${paths.detailPath}: image detail '${String(rawDetail)}' dropped`);
  return image;
}

/** A `file` part: inline `file_data`, or `file_id` naming a file uploaded to OpenAI (only its models read it). */
function decodeFile(raw: unknown, path: string): DocumentPart {
  const file = requireObject(raw, path);
  const title = optionalString(file.filename, `${path}.filename`);
  const source =
    file.file_data === undefined && file.file_id !== undefined
      ? storedFile(file.file_id, `${path}.file_id`)
      : inlineFile(file.file_data, `${path}.file_data`);
  return title === undefined ? { type: 'document', source } : { type: 'document', source, title };
}

function inlineFile(raw: unknown, path: string): MediaSource {
  const source = toMediaSource(requireString(raw, path));
  if (source?.kind !== 'base64') throw GatewayError.invalid(path, `'${path}' must be a base64 data URI`);
  return source;
}

/** A file OpenAI stores for the account, by id. */
export function storedFile(raw: unknown, path: string): MediaSource {
  return { kind: 'file', vendor: 'openai', fileId: requireString(raw, path), field: path };
}

/** An array of parts decoded by `decodePart`; parts it leaves out (`undefined`) are skipped. */
export function decodeContentList<P>(
  raw: unknown,
  path: string,
  decodePart: (part: unknown, path: string) => P | undefined,
): P[] {
  if (!Array.isArray(raw)) throw GatewayError.invalid(path, `'${path}' must be a string or an array of content parts`);
  const parts: P[] = [];
  raw.forEach((part, j) => {
    const decoded = decodePart(part, `${path}[${j}]`);
    if (decoded !== undefined) parts.push(decoded);
  });
  return parts;
}

/** Only text parts: system, developer, assistant and tool contents. Assistant refusals read as text. */
export function decodeTextPart(raw: unknown, path: string): TextPart {
  const part = requireObject(raw, path);
  if (part.type === 'text') return { type: 'text', text: requireString(part.text, `${path}.text`) };
  if (part.type === 'refusal') return { type: 'text', text: requireString(part.refusal, `${path}.refusal`) };
  throw GatewayError.invalid(`${path}.type`, `'${path}.type' must be 'text'`);
}
