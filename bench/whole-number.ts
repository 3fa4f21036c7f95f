/** A bench option that counts something, as typed: a whole number of at least 1, or the bench stops before it starts. */
export function wholeNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${option}: expected a whole number of at least 1, got "${text}"`);
  }
  return value;
}
