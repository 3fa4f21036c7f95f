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
  private listeners: Set<() => void> | undefined;

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
    const listeners = this.listeners;
    if (listeners === undefined) return;
    // The set is read live, so a listener removed by an earlier one is not called.
    let failure: { error: unknown } | undefined;
    for (const listener of listeners) {
      listeners.delete(listener);
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    // As EventTarget does, one failing listener neither stops the others (one of them may be what
    // aborts the upstream call) nor reaches whoever aborted: the error is reported on its own.
    if (failure !== undefined) reportLater(failure.error);
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.why !== undefined) return;
    (this.listeners ??= new Set()).add(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners?.delete(listener);
  }
}

function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
