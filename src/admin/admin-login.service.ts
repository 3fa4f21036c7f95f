import { Injectable } from '@nestjs/common';
import { AdminAuth } from '#src/auth/admin-auth.js';

/** `POST /admin/api/login`: lets the UI check a token before keeping it. Says nothing about a wrong one. */
@Injectable()
export class AdminLoginService {
  constructor(private readonly auth: AdminAuth) {}

  login(body: unknown, address: string): { ok: true } {
    this.auth.verify((body as { token?: unknown } | null | undefined)?.token, address);
    return { ok: true };
  }
}
