type DateTimeFormatConstructor = typeof Intl.DateTimeFormat;

/** The formatter methods that need a built formatter; `format` is a getter on the prototype. */
const METHODS = ['formatToParts', 'formatRange', 'formatRangeToParts', 'resolvedOptions'] as const;

/**
 * A formatter that builds the real one the first time it is used. It inherits the real prototype,
 * so `instanceof` holds; its own members shadow the prototype's, which only work on a built one.
 */
function deferredFormatter(
  Real: DateTimeFormatConstructor,
  args: ConstructorParameters<DateTimeFormatConstructor>,
): Intl.DateTimeFormat {
  let built: Intl.DateTimeFormat | undefined;
  const real = () => (built ??= new Real(...args));
  const deferred = Object.create(Real.prototype) as Intl.DateTimeFormat;
  Object.defineProperty(deferred, 'format', { get: () => real().format });
  for (const method of METHODS) {
    Object.defineProperty(deferred, method, {
      value: (...rest: unknown[]) => (real()[method] as (...a: unknown[]) => unknown)(...rest),
    });
  }
  return deferred;
}

/**
 * Options whose values name ICU data, checked against it at construction (a bad one throws a
 * RangeError there): a formatter given one is built at once, so the error stays where it is written.
 */
const CHECKED_OPTIONS = ['timeZone', 'calendar', 'numberingSystem'] as const;

/**
 * The arguments of a construction that can wait, or undefined when it cannot: only the default
 * locale, and no option that is checked against ICU's data. The options are copied, so a caller
 * changing its object afterwards does not change the formatter built later.
 */
function deferrable(
  args: ConstructorParameters<DateTimeFormatConstructor>,
): ConstructorParameters<DateTimeFormatConstructor> | undefined {
  const [locales, options] = args;
  if (locales !== undefined) return undefined;
  if (options === undefined) return [];
  if (typeof options !== 'object' || options === null) return undefined;
  if (CHECKED_OPTIONS.some((name) => options[name] !== undefined)) return undefined;
  return [undefined, { ...options }];
}

/**
 * Until the returned function is called, `new intl.DateTimeFormat()` with the default locale
 * returns a formatter that is built on first use. Building one loads ICU's locale, calendar and
 * time-zone data for the life of the process, and Nest's logger modules each build one when they
 * are imported, for a console logger this gateway never prints through (it logs with pino). The
 * first formatter adds about 8 MB of resident memory to a bare node process; deferring them made
 * the gateway's idle RSS about 5 MB lower.
 *
 * Deferred only when no locales are given and there is no `timeZone`, `calendar` or
 * `numberingSystem` option, the values checked against ICU's data: a construction that would throw
 * for those throws where it is written. Other invalid options (an unknown `hour` style, say) throw
 * only when the formatter is first used. The options' own properties are copied, so later changes
 * to the object do not reach the formatter (the default time zone is still the one in force when it
 * is built). Any other construction, a subclass and a call without `new` get the real constructor;
 * a reference to `Intl.DateTimeFormat` kept during loading keeps deferring after the stop.
 */
export function deferDateTimeFormats(intl: { DateTimeFormat: DateTimeFormatConstructor }): () => void {
  const Real = intl.DateTimeFormat;
  const deferring: DateTimeFormatConstructor = new Proxy(Real, {
    construct: (target, args: ConstructorParameters<DateTimeFormatConstructor>, newTarget) => {
      const waiting = newTarget === deferring ? deferrable(args) : undefined;
      return waiting === undefined ? Reflect.construct(target, args, newTarget) : deferredFormatter(target, waiting);
    },
  });
  intl.DateTimeFormat = deferring;
  return () => {
    // Someone who replaced it meanwhile keeps theirs.
    if (intl.DateTimeFormat === deferring) intl.DateTimeFormat = Real;
  };
}
