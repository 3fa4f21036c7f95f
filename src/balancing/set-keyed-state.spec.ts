import { SetKeyedState } from './set-keyed-state.js';

const set = (...keys: string[]) => keys.map((key) => ({ key, weight: 1 }));

describe('SetKeyedState', () => {
  it('finds the same state for the same keys in any order and with any weights', () => {
    const state = new SetKeyedState<{ n: number }>();
    state.get(set('a', 'b'), () => ({ n: 0 })).n = 7;
    expect(
      state.get(
        [
          { key: 'b', weight: 9 },
          { key: 'a', weight: 2 },
        ],
        () => ({ n: 0 }),
      ).n,
    ).toBe(7);
  });

  it('forgets the least recently used set beyond its limit', () => {
    const state = new SetKeyedState<{ n: number }>(2);
    state.get(set('a'), () => ({ n: 1 }));
    state.get(set('b'), () => ({ n: 2 }));
    state.get(set('a'), () => ({ n: 0 }));
    state.get(set('c'), () => ({ n: 3 }));
    expect(state.size).toBe(2);
    expect(state.get(set('a'), () => ({ n: 0 })).n).toBe(1);
    expect(state.get(set('b'), () => ({ n: 0 })).n).toBe(0);
  });
});
