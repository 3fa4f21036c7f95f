import { ApiProperty } from '#src/core/api-docs.js';
import { AnthropicContentBlockDto } from './anthropic.dto.js';

/** OpenAPI descriptions of what the Anthropic routes answer (Swagger document only). */

export class AnthropicUsageDto {
  @ApiProperty({ description: 'Prompt tokens not read from or written to the cache', example: 12 })
  input_tokens!: number;

  @ApiProperty({ example: 40 })
  output_tokens!: number;

  @ApiProperty({ example: 0 })
  cache_creation_input_tokens!: number;

  @ApiProperty({ example: 0 })
  cache_read_input_tokens!: number;
}

export class AnthropicMessageDto {
  @ApiProperty({ example: 'msg_01XFDUDYJgAACzvnptvVoYEL' })
  id!: string;

  @ApiProperty({ enum: ['message'] })
  type!: 'message';

  @ApiProperty({ enum: ['assistant'] })
  role!: 'assistant';

  @ApiProperty({ description: "The gateway's name of the model that answered", example: 'claude-sonnet-4-5' })
  model!: string;

  @ApiProperty({
    type: [AnthropicContentBlockDto],
    example: [
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Oslo' } },
    ],
  })
  content!: AnthropicContentBlockDto[];

  @ApiProperty({
    enum: [
      'end_turn',
      'max_tokens',
      'stop_sequence',
      'tool_use',
      'pause_turn',
      'refusal',
      'model_context_window_exceeded',
    ],
    example: 'tool_use',
  })
  stop_reason!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  stop_sequence!: string | null;

  @ApiProperty({ type: AnthropicUsageDto })
  usage!: AnthropicUsageDto;
}

export class AnthropicCountTokensResponseDto {
  @ApiProperty({ description: 'Estimated prompt tokens', example: 2095 })
  input_tokens!: number;
}
