import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { KeyHolders } from '#src/keys/key-holders.js';
import { ApiOperation, ApiTags } from '#src/core/api-docs.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { ModelListView } from './model-list.view.js';

@ApiTags('models')
@Controller()
export class ModelsController {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly view: ModelListView,
    private readonly holders: KeyHolders,
  ) {}

  /** Only what the caller's client key may use, when keys are on. */
  private visible(req: FastifyRequest) {
    const allows = this.holders.of(req)?.allows;
    const all = this.catalog.all();
    return allows === undefined ? all : all.filter((m) => allows(m.name));
  }

  @Get('models')
  @ApiOperation({ summary: 'Every model: provider, weight, capabilities, live status' })
  list(@Req() req: FastifyRequest) {
    return this.view.detailed(this.visible(req));
  }

  @Get('v1/models')
  @ApiOperation({
    summary: 'Model list for SDK clients',
    description:
      'OpenAI list shape; each entry also carries the Anthropic fields, so both SDKs and Claude Code read it.',
  })
  listForSdks(@Req() req: FastifyRequest) {
    return this.view.forSdks(this.visible(req));
  }
}
