import { IntSlotMap } from './int-slot-map.js';

describe('IntSlotMap', () => {
  it('numbers keys 0, 1, 2… in the order they were first added', () => {
    const map = new IntSlotMap();
    expect([map.add(42), map.add(7), map.add(42), map.add(0)]).toEqual([0, 1, 0, 2]);
    expect(map.size).toBe(3);
    expect([map.keyAt(0), map.keyAt(1), map.keyAt(2)]).toEqual([42, 7, 0]);
  });

  it('answers -1 for a key it does not hold', () => {
    const map = new IntSlotMap();
    map.add(5);
    expect(map.slotOf(5)).toBe(0);
    expect(map.slotOf(6)).toBe(-1);
  });

  it('keeps every slot while growing far past its expected size', () => {
    const map = new IntSlotMap(2);
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 2654435761) % 2 ** 30);
    keys.forEach((key) => map.add(key));
    expect(map.size).toBe(5000);
    expect(keys.every((key, i) => map.slotOf(key) === i && map.keyAt(i) === key)).toBe(true);
  });

  it('forgets everything on clear and numbers again from 0', () => {
    const map = new IntSlotMap();
    [3, 1, 4, 1, 5].forEach((key) => map.add(key));
    map.clear();
    expect(map.size).toBe(0);
    expect(map.slotOf(3)).toBe(-1);
    expect(map.add(9)).toBe(0);
    expect(map.slotOf(9)).toBe(0);
  });

  it('takes the largest 32-bit key and refuses negative or fractional ones', () => {
    const map = new IntSlotMap();
    expect(map.add(2 ** 31 - 1)).toBe(0);
    expect(() => map.add(-1)).toThrow(RangeError);
    expect(() => map.add(1.5)).toThrow(RangeError);
    expect(() => map.add(2 ** 31)).toThrow(RangeError);
  });
});
