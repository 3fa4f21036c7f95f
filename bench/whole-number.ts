/**
 * A bench option that counts something, as typed: a whole number of at least `min` (1 unless said),
 * or the bench stops before it starts.
 */
export function wholeNumber(text: string, option: string, min = 1): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new Error(`${option}: expected a whole number of at least ${min}, got "${text}"`);
  }
  return value;
}
