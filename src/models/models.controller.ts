import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { ModelListView } from './model-list.view.js';

@ApiTags('models')
@Controller()
export class ModelsController {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly view: ModelListView,
  ) {}

  @Get('models')
  @ApiOperation({ summary: 'Every model: provider, weight, capabilities, live status' })
  list() {
    return this.view.detailed(this.catalog.all());
  }

  @Get('v1/models')
  @ApiOperation({
    summary: 'Model list for SDK clients',
    description:
      'OpenAI list shape; each entry also carries the Anthropic fields, so both SDKs and Claude Code read it.',
  })
  listForSdks() {
    return this.view.forSdks(this.catalog.all());
  }
}
