import { Inject, Injectable } from '@nestjs/common';
import { ADMIN_TOKEN, type AdminToken } from './admin-token.js';
import { unauthorized } from './admin.guard.js';
import { TokenCheck } from './token-check.js';

/** `POST /admin/api/login`: lets the UI check a token before keeping it. Says nothing about a wrong one. */
@Injectable()
export class AdminLoginService {
  private readonly check: TokenCheck;

  constructor(@Inject(ADMIN_TOKEN) token: AdminToken) {
    this.check = new TokenCheck(token.value);
  }

  login(body: unknown): { ok: true } {
    const token = (body as { token?: unknown } | null | undefined)?.token;
    if (!this.check.matches(token)) throw unauthorized();
    return { ok: true };
  }
}
