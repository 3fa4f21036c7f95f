/**
 * The shared store may be slow or gone; the cache must never hold a request up for it. Resolves
 * to `fallback` when `work` fails or takes longer than `ms`.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  const settled = work.catch(() => fallback);
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
