import { type CanActivate, type ExecutionContext, Injectable, type Provider } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { AdminAuth } from './admin-auth.js';
import { AuthFailures } from './auth-failures.js';

/** Bearer `ADMIN_TOKEN`, compared in constant time; says nothing about why a token is wrong. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: AdminAuth) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    this.auth.verifyHeader(req.headers.authorization, req.ip);
    return true;
  }
}

/**
 * What an HTTP app needs to take the admin token, with a failure count of its own: wrong tokens
 * tried on the proxy port (its weights API) never make the operator wait on the admin port, nor
 * the reverse. Behind a reverse proxy every caller has the proxy's address, so one shared count
 * would let any client of the proxy port lock the operator out of the admin UI.
 */
export const adminTokenProviders = (): Provider[] => [
  { provide: AuthFailures, useFactory: (clock: Clock) => new AuthFailures(clock), inject: [CLOCK] },
  AdminAuth,
  AdminGuard,
];
