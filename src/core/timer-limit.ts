/**
 * The longest delay a Node timer takes as given: 2^31 − 1 ms, about 24.8 days. A longer one is
 * fired at once (after a warning), so every configured delay is held to it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
