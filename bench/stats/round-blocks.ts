import { wholeNumber } from '../whole-number.js';

/**
 * Rounds split into blocks of consecutive rounds, as even as they divide (7 rounds in 3 blocks:
 * 3, 2, 2), each block measured on processes of its own. Blocks rather than turns: a process that
 * idles while others are measured comes back dearer for its first seconds of load (V8 uses idle
 * time to shrink the heap and drop code not run lately).
 */
export function blockOfRound(round: number, rounds: number, blocks: number): number {
  return Math.floor((round * blocks) / rounds);
}

/** How many rounds each block holds, first block first. */
export function roundsPerBlock(rounds: number, blocks: number): number[] {
  const sizes = Array.from({ length: blocks }, () => 0);
  for (let round = 0; round < rounds; round++) sizes[blockOfRound(round, rounds, blocks)]++;
  return sizes;
}

/** Every block needs a round of its own: anything else stops a bench before it starts a process. */
export function checkBlocks(blocks: number, rounds: number): void {
  if (blocks > rounds) {
    throw new Error(`--instances ${blocks}: each instance needs a round of its own, and there are ${rounds}`);
  }
}

/** `--instances` as typed: a whole number of at least 1 that `checkBlocks` accepts. */
export function blocksOption(text: string, rounds: number): number {
  const blocks = wholeNumber(text, '--instances');
  checkBlocks(blocks, rounds);
  return blocks;
}
