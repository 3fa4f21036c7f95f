/**
 * The numbers a prompt mentions, in the order it mentions them: two prompts that differ only in a
 * number ("HTTP 404" / "HTTP 500", "2 + 2" / "3 + 3") or in the order of two ("5 - 2" / "2 - 5")
 * look alike to any text encoder but never have the same answer, so matching by meaning requires
 * equal signatures.
 */
export function numberSignature(text: string): string {
  const numbers = text.normalize('NFKC').match(/\d+(?:[.,]\d+)*/g) ?? [];
  return numbers.join(' ');
}
