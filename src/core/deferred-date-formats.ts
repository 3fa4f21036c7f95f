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
 * Until the returned function is called, `new intl.DateTimeFormat(...)` returns a formatter that is
 * built on first use. Building one loads ICU's locale, calendar and time-zone data, about 8 MB of
 * resident memory kept for the life of the process, and Nest's logger modules each build one when
 * they are imported, for a console logger this gateway never prints through (it logs with pino).
 * Subclasses and calls without `new` get the real constructor.
 */
export function deferDateTimeFormats(intl: { DateTimeFormat: DateTimeFormatConstructor }): () => void {
  const Real = intl.DateTimeFormat;
  const deferring: DateTimeFormatConstructor = new Proxy(Real, {
    construct: (target, args: ConstructorParameters<DateTimeFormatConstructor>, newTarget) =>
      newTarget === deferring ? deferredFormatter(target, args) : Reflect.construct(target, args, newTarget),
  });
  intl.DateTimeFormat = deferring;
  return () => {
    intl.DateTimeFormat = Real;
  };
}
