import { Body, Controller, Ip } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { LoginDto } from './admin-api.dto.js';
import { AdminLoginService } from './admin-login.service.js';
import { AdminGet, AdminPost } from './admin-route.decorator.js';
import { AdminStatusService } from './admin-status.service.js';
import { Public } from './public.decorator.js';

/** Logging in and the status page. */
@ApiTags('admin')
@Controller('admin/api')
export class AdminSessionController {
  constructor(
    private readonly logins: AdminLoginService,
    private readonly statuses: AdminStatusService,
  ) {}

  @Public()
  @AdminPost('login', { summary: 'Check an admin token: 200 {ok: true}, or 401', body: LoginDto })
  login(@Body(JsonBodyPipe) body: unknown, @Ip() address: string) {
    return this.logins.login(body, address);
  }

  @AdminGet('status', { summary: 'Version, uptime, providers, totals since start, breakers, request log state' })
  status() {
    return this.statuses.status();
  }
}
