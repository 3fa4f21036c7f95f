import { deferDateTimeFormats } from './deferred-date-formats.js';

const OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric' };
const WHEN = Date.UTC(2026, 0, 2, 3, 4, 5);

/** An Intl whose DateTimeFormat counts the formatters really built, with or without `new`. */
function countingIntl() {
  const counter = { built: 0 };
  const Counting = new Proxy(Intl.DateTimeFormat, {
    construct: (target, args: unknown[], newTarget) => {
      counter.built += 1;
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply: (target, self, args: unknown[]) => {
      counter.built += 1;
      return Reflect.apply(target, self, args) as unknown;
    },
  });
  return { intl: { DateTimeFormat: Counting }, counter };
}

describe('deferDateTimeFormats', () => {
  it('builds no formatter until one is used', () => {
    const { intl, counter } = countingIntl();
    deferDateTimeFormats(intl);
    const formatter = new intl.DateTimeFormat(undefined, OPTIONS);
    expect(counter.built).toBe(0);
    formatter.format(WHEN);
    formatter.format(WHEN);
    expect(counter.built).toBe(1);
  });

  it('formats exactly as a formatter built at once', () => {
    const { intl } = countingIntl();
    const Real = intl.DateTimeFormat;
    deferDateTimeFormats(intl);
    const deferred = new intl.DateTimeFormat(undefined, OPTIONS);
    const real = new Real(undefined, OPTIONS);
    expect(deferred.format(WHEN)).toBe(real.format(WHEN));
    expect(deferred.formatToParts(WHEN)).toEqual(real.formatToParts(WHEN));
    expect(deferred.formatRange(WHEN, WHEN + 86_400_000)).toBe(real.formatRange(WHEN, WHEN + 86_400_000));
    expect(deferred.resolvedOptions()).toEqual(real.resolvedOptions());
    expect(deferred).toBeInstanceOf(Intl.DateTimeFormat);
  });

  it('formats through a detached format function, as the real one allows', () => {
    const { intl } = countingIntl();
    const Real = intl.DateTimeFormat;
    deferDateTimeFormats(intl);
    const format = new intl.DateTimeFormat(undefined, OPTIONS).format;
    expect(format(WHEN)).toBe(new Real(undefined, OPTIONS).format(WHEN));
  });

  it('formats with the options as they were given, though the caller changes its object later', () => {
    const { intl } = countingIntl();
    const Real = intl.DateTimeFormat;
    deferDateTimeFormats(intl);
    const options: Intl.DateTimeFormatOptions = { ...OPTIONS };
    const deferred = new intl.DateTimeFormat(undefined, options);
    options.year = undefined;
    options.weekday = 'long';
    expect(deferred.format(WHEN)).toBe(new Real(undefined, OPTIONS).format(WHEN));
  });

  it('builds at once when a locale or a time zone is named, so a bad one throws where it is written', () => {
    const { intl, counter } = countingIntl();
    deferDateTimeFormats(intl);
    new intl.DateTimeFormat('en-US', OPTIONS);
    new intl.DateTimeFormat(undefined, { ...OPTIONS, timeZone: 'UTC' });
    expect(counter.built).toBe(2);
    expect(() => new intl.DateTimeFormat(undefined, { timeZone: 'Nowhere/Atall' })).toThrow(RangeError);
  });

  it('gives real formatters to a subclass and to a call without new', () => {
    const { intl, counter } = countingIntl();
    deferDateTimeFormats(intl);
    class Labelled extends intl.DateTimeFormat {}
    expect(new Labelled(undefined, OPTIONS)).toBeInstanceOf(Labelled);
    expect(counter.built).toBe(1);
    expect(intl.DateTimeFormat(undefined, OPTIONS)).toBeInstanceOf(Intl.DateTimeFormat);
    expect(counter.built).toBe(2);
  });

  it('passes static methods through to the real constructor', () => {
    const { intl } = countingIntl();
    deferDateTimeFormats(intl);
    expect(intl.DateTimeFormat.supportedLocalesOf(['en-US', 'de'])).toEqual(
      Intl.DateTimeFormat.supportedLocalesOf(['en-US', 'de']),
    );
  });

  it('gives the real constructor back when stopped', () => {
    const { intl, counter } = countingIntl();
    const Real = intl.DateTimeFormat;
    const stop = deferDateTimeFormats(intl);
    stop();
    expect(intl.DateTimeFormat).toBe(Real);
    new intl.DateTimeFormat(undefined, OPTIONS);
    expect(counter.built).toBe(1);
  });

  it('leaves a constructor that replaced it meanwhile in place when stopped', () => {
    const { intl } = countingIntl();
    const stop = deferDateTimeFormats(intl);
    const replacement = countingIntl().intl.DateTimeFormat;
    intl.DateTimeFormat = replacement;
    stop();
    expect(intl.DateTimeFormat).toBe(replacement);
  });
});
