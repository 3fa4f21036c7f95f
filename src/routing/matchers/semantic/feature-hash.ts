const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step: folds a UTF-16 code unit into a running 32-bit hash. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

export function fnvStart(seed: number): number {
  return (FNV_OFFSET ^ seed) >>> 0;
}

/** Murmur3's finaliser: spreads every input bit over the output so low bits make good buckets. */
export function mix(hash: number): number {
  let h = hash >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of a token sequence, built from the previous sequence's hash and one more token. */
export function extend(sequence: number, token: number): number {
  return mix(Math.imul(sequence, FNV_PRIME) ^ token);
}
