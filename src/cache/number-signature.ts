/**
 * The numbers a prompt mentions, in order of value: two prompts that differ only in a number
 * ("HTTP 404" / "HTTP 500", "2 + 2" / "3 + 3") look alike to any text encoder but never have the
 * same answer, so matching by meaning requires equal signatures.
 */
export function numberSignature(text: string): string {
  const numbers = text.normalize('NFKC').match(/\d+(?:[.,]\d+)*/g) ?? [];
  return numbers.sort().join(' ');
}
