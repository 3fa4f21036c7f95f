import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ClientKeyAuth } from '#src/keys/client-key-auth.js';
import { KeyHolders } from '#src/keys/key-holders.js';
import { codecForPath } from './dialect-exception.filter.js';

/**
 * The weights API keeps the admin token; Ollama clients' liveness and version probes come before
 * any key is sent; health, metrics and docs (no dialect) stay open to operators.
 */
const OPEN_PATHS = new Set(['/api/config/weights', '/ollama', '/ollama/', '/ollama/api/version']);

/** Whether a proxy path is a client's: every dialect endpoint and the model lists. */
export function needsClientKey(url: string): boolean {
  const path = url.split('?', 1)[0];
  return codecForPath(path) !== undefined && !OPEN_PATHS.has(path);
}

/**
 * While client keys are on, every client path needs a usable key; a refusal is a `GatewayError`
 * the dialect exception filter renders in the path's dialect. The checked key is kept for the
 * handler (allowlist, limits, spend).
 */
@Injectable()
export class ClientKeyGuard implements CanActivate {
  constructor(
    private readonly auth: ClientKeyAuth,
    private readonly holders: KeyHolders,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.auth.enabled) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (!needsClientKey(req.url)) return true;
    const holder = await this.auth.authenticate(req.headers);
    if (holder !== undefined) this.holders.set(req, holder);
    return true;
  }
}
