import { Controller, Get, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { KeyHolders } from '#src/keys/key-holders.js';
import { ApiOkResponse, ApiOperation, ApiTags } from '#src/core/api-docs.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ClientRouteDocs } from '#src/gateway/client-route.docs.js';
import { AnthropicErrorDto, OpenAIErrorDto } from '#src/gateway/error-envelopes.dto.js';
import { ModelStatusListDto, SdkModelDto, SdkModelListDto } from './model-list.dto.js';
import { ModelListView } from './model-list.view.js';

/**
 * Both SDKs read these paths: errors come in Anthropic's envelope to a caller that sends
 * `anthropic-version` or `x-api-key`, in OpenAI's to any other.
 */
@ApiTags('models')
@ClientRouteDocs(OpenAIErrorDto, AnthropicErrorDto)
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
  @ApiOkResponse({ type: ModelStatusListDto })
  list(@Req() req: FastifyRequest) {
    const holder = this.holders.of(req);
    return this.view.detailed(this.visible(req), holder?.allows, holder !== undefined);
  }

  @Get('v1/models')
  @ApiOperation({
    summary: 'Model list for SDK clients',
    description:
      'OpenAI list shape; each entry also carries the Anthropic fields, so both SDKs and Claude Code read it.',
  })
  @ApiOkResponse({ type: SdkModelListDto })
  listForSdks(@Req() req: FastifyRequest) {
    return this.view.forSdks(this.visible(req));
  }

  @Get('v1/models/:id')
  @ApiOperation({
    summary: 'One model for SDK clients',
    description:
      'The same object as its entry in `GET /v1/models`; a snapshot name resolves to its model. A model the caller may not use is not found.',
  })
  @ApiOkResponse({ type: SdkModelDto })
  retrieveForSdks(@Req() req: FastifyRequest, @Param('id') id: string) {
    const model = this.catalog.find(id);
    const allows = this.holders.of(req)?.allows;
    // Outside the key's allowlist reads as absent, as in the list: the key learns nothing of other models.
    if (
      model === undefined ||
      this.catalog.status(model) !== 'available' ||
      (allows !== undefined && !allows(model.name))
    )
      throw new GatewayError('model_not_found', `The model '${id}' does not exist on this gateway`);
    return this.view.forSdk(model);
  }
}
