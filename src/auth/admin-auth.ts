import { Inject, Injectable } from '@nestjs/common';
import { GatewayError } from '#src/core/gateway-error.js';
import { ADMIN_TOKEN, type AdminToken } from '#src/config/admin-token.js';
import { AuthFailures } from './auth-failures.js';
import { TokenCheck } from './token-check.js';

/** The one refusal: says nothing about why a token is wrong, or what it should look like beyond the scheme. */
export const unauthorized = () =>
  new GatewayError('unauthorized', 'A valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)');

const tooManyFailures = (waitMs: number) =>
  new GatewayError('rate_limited', 'Too many wrong admin tokens from this address; wait before trying again', {
    retryAfterMs: waitMs,
  });

/** Checks a presented admin token for a client address, slowing down an address that keeps guessing. */
@Injectable()
export class AdminAuth {
  private readonly check: TokenCheck;

  constructor(
    @Inject(ADMIN_TOKEN) token: AdminToken,
    private readonly failures: AuthFailures,
  ) {
    this.check = new TokenCheck(token.value);
  }

  /**
   * Returns for the admin token; throws 401 otherwise, or 429 (with its wait) while the address
   * must wait. No token at all is not a guess, so it is refused without being counted.
   *
   * A waiting address is refused before its token is compared, the right one included: were the
   * right token let through, a 429 would only ever mean "wrong", and guesses would go on at wire
   * speed. The cost, an operator locked out by someone guessing from the same address, stays on
   * this app's port (each app counts its own failures) and lasts at most `maxWaitMs`.
   */
  verify(given: unknown, address: string): void {
    if (typeof given !== 'string' || given === '') throw unauthorized();
    const wait = this.failures.waitMs(address);
    if (wait > 0) throw tooManyFailures(wait);
    if (this.check.matches(given)) return this.failures.succeeded(address);
    this.failures.failed(address);
    throw unauthorized();
  }

  verifyHeader(header: string | undefined, address: string): void {
    this.verify(header === undefined ? undefined : (TokenCheck.bearer(header) ?? header), address);
  }
}
