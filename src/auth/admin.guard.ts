import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuth } from './admin-auth.js';

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
