import { OutcomeWindow } from './outcome-window.js';

describe('OutcomeWindow', () => {
  it('counts outcomes still inside the window and drops them once their slice is a full window old', () => {
    const window = new OutcomeWindow(10_000);
    window.record(0, true);
    window.record(4_000, false);
    expect(window.totals(9_999)).toEqual({ total: 2, failed: 1 });
    expect(window.totals(10_000)).toEqual({ total: 1, failed: 0 });
    expect(window.totals(14_000)).toEqual({ total: 0, failed: 0 });
  });

  it('starts empty again after clear()', () => {
    const window = new OutcomeWindow(10_000);
    window.record(0, true);
    window.clear();
    expect(window.totals(1)).toEqual({ total: 0, failed: 0 });
  });
});
