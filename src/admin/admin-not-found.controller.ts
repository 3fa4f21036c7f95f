import { All, Controller, Req } from '@nestjs/common';
import { ApiExcludeController } from '#src/core/api-docs.js';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '#src/core/gateway-error.js';

/**
 * Unknown admin API paths answer a JSON 404 (after the token check, like every API path); without
 * this, the UI's deep-link fallback would answer them with index.html.
 */
@ApiExcludeController()
@Controller('admin/api')
export class AdminNotFoundController {
  @All(['', '*'])
  notFound(@Req() req: FastifyRequest): never {
    throw new GatewayError('not_found', `No admin API route ${req.method} ${req.url.split('?', 1)[0]}`);
  }
}
