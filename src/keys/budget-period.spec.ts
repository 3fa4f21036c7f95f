import { periodStartsAt } from './budget-period.js';

describe('periodStartsAt', () => {
  it("at the last second of a month's last day, starts at that UTC day, that month's first, and 29 days back", () => {
    expect(periodStartsAt(Date.parse('2025-03-31T23:59:59Z'))).toEqual({
      day: '2025-03-31',
      month: '2025-03-01',
      unbudgeted: '2025-03-02',
    });
  });
});
