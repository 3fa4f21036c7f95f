import { deferDateTimeFormats } from './deferred-date-formats.js';

const OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric' };
const WHEN = Date.UTC(2026, 0, 2, 3, 4, 5);

/** An Intl whose DateTimeFormat counts the formatters really built. */
function countingIntl() {
  const counter = { built: 0 };
  class Counting extends Intl.DateTimeFormat {
    constructor(...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      super(...args);
      counter.built += 1;
    }
  }
  return { intl: { DateTimeFormat: Counting as typeof Intl.DateTimeFormat }, counter };
}

describe('deferDateTimeFormats', () => {
  it('builds no formatter until one is used', () => {
    const { intl, counter } = countingIntl();
    deferDateTimeFormats(intl);
    const formatter = new intl.DateTimeFormat('en-US', OPTIONS);
    expect(counter.built).toBe(0);
    formatter.format(WHEN);
    formatter.format(WHEN);
    expect(counter.built).toBe(1);
  });

  it('formats exactly as a formatter built at once', () => {
    const { intl } = countingIntl();
    const Real = intl.DateTimeFormat;
    deferDateTimeFormats(intl);
    const deferred = new intl.DateTimeFormat('en-US', { ...OPTIONS, timeZone: 'UTC' });
    const real = new Real('en-US', { ...OPTIONS, timeZone: 'UTC' });
    expect(deferred.format(WHEN)).toBe(real.format(WHEN));
    expect(deferred.formatToParts(WHEN)).toEqual(real.formatToParts(WHEN));
    expect(deferred.formatRange(WHEN, WHEN + 86_400_000)).toBe(real.formatRange(WHEN, WHEN + 86_400_000));
    expect(deferred.resolvedOptions()).toEqual(real.resolvedOptions());
    expect(deferred).toBeInstanceOf(Intl.DateTimeFormat);
  });

  it('gives the real constructor back when stopped', () => {
    const { intl, counter } = countingIntl();
    const Real = intl.DateTimeFormat;
    const stop = deferDateTimeFormats(intl);
    stop();
    expect(intl.DateTimeFormat).toBe(Real);
    new intl.DateTimeFormat('en-US', OPTIONS);
    expect(counter.built).toBe(1);
  });
});
