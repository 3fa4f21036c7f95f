import type { BreakerBoard } from './breaker-board.js';
import type { BreakerPass } from './breaker.types.js';

/** The pass a call was let through with (a breaker's or a board's answer); a refused call fails the spec. */
export async function passOf(
  admission: ReturnType<BreakerBoard['admit']> | BreakerPass | undefined,
): Promise<BreakerPass> {
  const pass = await admission;
  if (pass === undefined) throw new Error('the call was refused');
  return pass;
}
