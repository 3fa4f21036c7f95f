import type { PageWindow } from '#src/storage/request-log.types.js';

/** Where the next page of a request list starts, and the window its first page fixed. */
export interface PageCursor {
  before: number;
  window: PageWindow;
}

const CURSOR = /^(\d{1,15})\.(\d{1,15})(?:\.(\d{1,15}))?$/;

/** `before.upTo[.from]`: opaque to clients, who send back the `next` they were given. */
export function encodeCursor({ before, window }: PageCursor): string {
  return [before, window.upTo, ...(window.from === undefined ? [] : [window.from])].join('.');
}

/** Undefined when `text` is not a cursor this API gave out. */
export function decodeCursor(text: string): PageCursor | undefined {
  const parts = CURSOR.exec(text);
  if (parts === null) return undefined;
  const [before, upTo] = [Number(parts[1]), Number(parts[2])];
  const from = parts[3] === undefined ? undefined : Number(parts[3]);
  // A page ends on a row of its window: at most its newest, at least its oldest.
  if (before < 1 || before > upTo || (from !== undefined && from > before)) return undefined;
  return { before, window: from === undefined ? { upTo } : { upTo, from } };
}
