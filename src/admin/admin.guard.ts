import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';
import { ADMIN_TOKEN, type AdminToken } from './admin-token.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Bearer `ADMIN_TOKEN`, compared in constant time; says nothing about why a token is wrong. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(ADMIN_TOKEN) token: AdminToken) {
    this.expected = digest(token.value);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    throw new GatewayError('unauthorized', 'A valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)');
  }
}
