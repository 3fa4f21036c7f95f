import { Module } from '@nestjs/common';
import { GatewayModule } from '#src/gateway/gateway.module.js';
import { AnthropicController } from './anthropic/anthropic.controller.js';
import { OpenAIController } from './openai/openai.controller.js';
import { UnifiedController } from './unified/unified.controller.js';

@Module({
  imports: [GatewayModule],
  controllers: [OpenAIController, AnthropicController, UnifiedController],
})
export class DialectsModule {}
