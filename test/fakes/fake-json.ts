/** Narrow readers for the untyped JSON bodies the fakes receive. */

export type Json = Record<string, unknown>;

export function asRecord(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Joins the text of a content value that is either a string or a list of `{type:"text",text}` parts. */
export function textOf(content: unknown, textType = 'text'): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map(asRecord)
    .filter((part) => part.type === textType)
    .map((part) => asString(part.text) ?? '')
    .join('');
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
