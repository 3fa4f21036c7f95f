import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '#src/core/api-docs.js';
import { JsonBodyPipe } from '#src/http/body-parsers.js';
import { AdminCacheService } from './admin-cache.service.js';
import { AdminGet, AdminPost } from './admin-route.decorator.js';

/** The response cache: its hit rate and savings since start, and purges. */
@ApiTags('admin')
@Controller('admin/api')
export class AdminCacheController {
  constructor(private readonly cache: AdminCacheService) {}

  @AdminGet('cache', {
    summary: 'Response cache: settings, size, requests by cache status, hit rate, tokens and money saved',
  })
  view() {
    return this.cache.view();
  }

  @AdminPost('cache/purge', {
    summary: 'Purge cached answers: all (empty body), or {"model": name}, {"key": client key id} or {"team": team}',
  })
  purge(@Body(JsonBodyPipe) body: unknown) {
    return this.cache.purge(body);
  }
}
