import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AdminGuard } from '#src/auth/admin.guard.js';
import { IS_PUBLIC } from './public.decorator.js';

/** The admin app's global guard: deny by default; only handlers marked `@Public()` go without the token. */
@Injectable()
export class AdminApiGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokenGuard: AdminGuard,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const open = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return open === true || this.tokenGuard.canActivate(context);
  }
}
