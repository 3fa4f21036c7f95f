import type { ChatRequest, ContentPart, FileVendor, StoredFileSource } from './chat.types.js';
import { GatewayError } from './gateway-error.js';

const VENDOR_NAMES: Record<FileVendor, string> = { anthropic: 'Anthropic', openai: 'OpenAI' };

/** Why a model of another vendor cannot take a request naming a stored file (the field is named apart). */
export function foreignFileReason(source: StoredFileSource): string {
  const vendor = VENDOR_NAMES[source.vendor];
  return `names a file stored with ${vendor}, which only ${vendor} models can read`;
}

/** The 400 for a stored file sent to a model that cannot read it; the dialect names the field. */
export function foreignFileError(source: StoredFileSource): GatewayError {
  const vendor = VENDOR_NAMES[source.vendor];
  return GatewayError.invalid(
    source.field,
    `This model cannot read files stored with ${vendor} (file_id '${source.fileId}'); only ${vendor} models can.`,
  );
}

function collect(part: ContentPart, found: StoredFileSource[]): void {
  if (part.type === 'image' || part.type === 'document') {
    if (part.source.kind === 'file') found.push(part.source);
  } else if (part.type === 'tool_result' && Array.isArray(part.content)) {
    for (const inner of part.content) collect(inner, found);
  }
}

/** The stored files a request names, in order, tool results included. It runs on every request: plain loops. */
export function storedFiles(request: ChatRequest): StoredFileSource[] {
  const found: StoredFileSource[] = [];
  for (const message of request.messages) for (const part of message.content) collect(part, found);
  return found;
}
