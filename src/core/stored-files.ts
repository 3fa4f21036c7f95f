import type { ChatRequest, ContentPart, FileVendor, StoredFileSource } from './chat.types.js';
import { GatewayError } from './gateway-error.js';

const VENDOR_NAMES: Record<FileVendor, string> = { anthropic: 'Anthropic', openai: 'OpenAI' };

/** Why a model of another vendor cannot take a request naming a stored file (the field is named apart). */
function foreignFileReason(source: StoredFileSource): string {
  const vendor = VENDOR_NAMES[source.vendor];
  return `names a file stored with ${vendor}, which only ${vendor} models can read`;
}

/**
 * A stored file a request names, with the API an account must speak to carry it when only one can:
 * an image stored with OpenAI is named by id only on its Responses API (Chat Completions takes
 * images by URL or inline data, and its `file` part is for documents).
 */
export interface StoredFileNeed extends StoredFileSource {
  wire?: 'responses';
}

/** An account, as far as stored files go: its vendor, whether it reads their stored files, the API it speaks. */
export interface FileAccount {
  type: string;
  storedFiles?: boolean;
  /** Absent: Chat Completions. */
  wireApi?: string;
}

/** Whether an account reads its vendor's stored files at all. */
function readsFilesOf(account: FileAccount, vendor: FileVendor): boolean {
  return account.storedFiles === true && account.type === vendor;
}

/** Whether this account can carry the file: one of its vendor's, over the API the file needs. */
export function carriesFile(account: FileAccount, file: StoredFileNeed): boolean {
  return readsFilesOf(account, file.vendor) && (file.wire === undefined || account.wireApi === file.wire);
}

/**
 * Why a model whose accounts are these cannot take a request naming the file (the field is named
 * apart): it has none of the file's vendor, or none of them speaks the API the file needs.
 */
export function unreadableFileReason(file: StoredFileNeed, accounts: readonly FileAccount[]): string {
  if (file.wire === undefined || !accounts.some((a) => readsFilesOf(a, file.vendor))) return foreignFileReason(file);
  return `names an image stored with ${VENDOR_NAMES[file.vendor]}, which only its Responses API reads by id`;
}

/** The 400 for a file none of these accounts can carry; the dialect names the field. */
export function unreadableFileError(file: StoredFileNeed, accounts: readonly FileAccount[]): GatewayError {
  if (file.wire === undefined || !accounts.some((a) => readsFilesOf(a, file.vendor))) return foreignFileError(file);
  return GatewayError.invalid(
    file.field,
    `This model's upstream takes images by URL or inline data, not by file_id ('${file.fileId}'): ` +
      `only ${VENDOR_NAMES[file.vendor]}'s Responses API reads a stored image.`,
  );
}

/** The 400 for a stored file sent to a model that cannot read it; the dialect names the field. */
export function foreignFileError(source: StoredFileSource): GatewayError {
  const vendor = VENDOR_NAMES[source.vendor];
  return GatewayError.invalid(
    source.field,
    `This model cannot read files stored with ${vendor} (file_id '${source.fileId}'); only ${vendor} models can.`,
  );
}

function collect(part: ContentPart, found: StoredFileNeed[]): void {
  if (part.type === 'image' || part.type === 'document') {
    const source = part.source;
    if (source.kind !== 'file') return;
    found.push(part.type === 'image' && source.vendor === 'openai' ? { ...source, wire: 'responses' } : source);
  } else if (part.type === 'tool_result' && Array.isArray(part.content)) {
    for (const inner of part.content) collect(inner, found);
  }
}

/**
 * The stored files a request names, in order, tool results included, each with the API it needs.
 * It runs on every request: plain loops.
 */
export function storedFiles(request: ChatRequest): StoredFileNeed[] {
  const found: StoredFileNeed[] = [];
  for (const message of request.messages) for (const part of message.content) collect(part, found);
  return found;
}
