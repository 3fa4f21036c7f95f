/**
 * What a call needs of an abort signal: whether it was aborted, why, and to hear it when it is.
 * `AbortSignal` has this shape, so code holding a real one passes it as is.
 */
export interface AbortWatch {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Each listener hears the abort once, so none asks for `{ once: true }` (a latch has no options). */
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An abort the gateway raises itself (a client leaving, an attempt's deadline), watched through
 * `AbortWatch` with no EventTarget behind it: an AbortController with one listener costs several
 * microseconds to make, listen to and stop listening to, on every request, and most never abort.
 * Like a signal's, a listener added once it has aborted is not called; each hears it once.
 */
export class AbortLatch implements AbortWatch {
  private why: Error | undefined;
  /** Most latches are heard by one listener at a time: it is kept here, a set made only for more. */
  private first: (() => void) | undefined;
  /** Every listener not in `first`, all added after it, so it is called first. */
  private more: Set<() => void> | undefined;

  get aborted(): boolean {
    return this.why !== undefined;
  }

  get reason(): Error | undefined {
    return this.why;
  }

  /** The first abort wins; later ones change nothing. */
  abort(reason: Error = new Error('This operation was aborted')): void {
    if (this.why !== undefined) return;
    this.why = reason;
    const first = this.first;
    this.first = undefined;
    let failure = first === undefined ? undefined : call(first);
    const more = this.more;
    // The set is read live, so a listener removed by an earlier one is not called.
    if (more !== undefined) {
      for (const listener of more) {
        more.delete(listener);
        const failed = call(listener);
        failure ??= failed;
      }
    }
    // As EventTarget does, one failing listener neither stops the others (one of them may be what
    // aborts the upstream call) nor reaches whoever aborted: the error is reported on its own.
    if (failure !== undefined) reportLater(failure.error);
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.why !== undefined || listener === this.first) return;
    if (this.first === undefined && !this.more?.size) this.first = listener;
    else (this.more ??= new Set()).add(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    if (listener === this.first) this.first = undefined;
    else this.more?.delete(listener);
  }
}

/** Calls one listener; what it throws is handed back rather than thrown. */
function call(listener: () => void): { error: unknown } | undefined {
  try {
    listener();
    return undefined;
  } catch (error) {
    return { error };
  }
}

function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
