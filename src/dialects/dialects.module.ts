import { Module } from '@nestjs/common';
import { AnthropicController } from './anthropic/anthropic.controller.js';
import { OllamaModelsController } from './ollama/ollama-models.controller.js';
import { OllamaModelsView } from './ollama/ollama-models.view.js';
import { OllamaController } from './ollama/ollama.controller.js';
import { OpenAIEmbeddingsController } from './openai/openai-embeddings.controller.js';
import { OpenAIController } from './openai/openai.controller.js';
import { ResponsesController } from './responses/responses.controller.js';
import { UnifiedController } from './unified/unified.controller.js';

/** The dialect endpoints of the proxy app; the responders they call are the runtime's (RuntimeBridgeModule). */
@Module({
  controllers: [
    OpenAIController,
    OpenAIEmbeddingsController,
    ResponsesController,
    AnthropicController,
    UnifiedController,
    OllamaController,
    OllamaModelsController,
  ],
  providers: [OllamaModelsView],
})
export class DialectsModule {}
