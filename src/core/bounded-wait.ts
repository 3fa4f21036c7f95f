/** Runs `fn` after `ms`; returns how to cancel it. Injected, so that a bounded wait is tested exactly. */
export type Schedule = (ms: number, fn: () => void) => () => void;

export const systemSchedule: Schedule = (ms, fn) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export const SCHEDULE = Symbol('Schedule');

/** A wait that ends when `end` is called or after `ms`, whichever comes first; `ended` resolves then. */
export function boundedWait(ms: number, schedule: Schedule): { ended: Promise<void>; end: () => void } {
  let resolve!: () => void;
  const ended = new Promise<void>((r) => (resolve = r));
  const cancel = schedule(ms, () => resolve());
  const end = () => {
    cancel();
    resolve();
  };
  return { ended, end };
}
