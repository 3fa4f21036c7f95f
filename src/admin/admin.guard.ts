import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import { ADMIN_TOKEN, type AdminToken } from './admin-token.js';
import { TokenCheck } from './token-check.js';

/** The one refusal: says nothing about why a token is wrong, or what it should look like beyond the scheme. */
export const unauthorized = () =>
  new GatewayError('unauthorized', 'A valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)');

/** Bearer `ADMIN_TOKEN`, compared in constant time; says nothing about why a token is wrong. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly check: TokenCheck;

  constructor(@Inject(ADMIN_TOKEN) token: AdminToken) {
    this.check = new TokenCheck(token.value);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    if (this.check.matchesHeader(header)) return true;
    throw unauthorized();
  }
}
