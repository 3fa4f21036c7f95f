import { blockOfRound, blocksOption, checkBlocks, roundsPerBlock } from './round-blocks.js';

describe('rounds split into blocks', () => {
  it('gives each block a run of consecutive rounds', () => {
    const blocks = Array.from({ length: 20 }, (_, round) => blockOfRound(round, 20, 4));
    expect(blocks).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
  });

  it('splits rounds that do not divide as evenly as they can, every block used', () => {
    expect(roundsPerBlock(7, 3)).toEqual([3, 2, 2]);
    expect(roundsPerBlock(7, 7)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(roundsPerBlock(5, 1)).toEqual([5]);
  });

  it('refuses more blocks than rounds, or none', () => {
    expect(() => checkBlocks(8, 7)).toThrow('each instance needs a round of its own');
    expect(() => checkBlocks(7, 7)).not.toThrow();
    expect(() => blocksOption('8', 7)).toThrow('each instance needs a round of its own');
    expect(() => blocksOption('0', 7)).toThrow('at least 1');
    expect(() => blocksOption('1.5', 7)).toThrow('at least 1');
    expect(() => blocksOption('two', 7)).toThrow('got "two"');
    expect(blocksOption('7', 7)).toBe(7);
  });
});
