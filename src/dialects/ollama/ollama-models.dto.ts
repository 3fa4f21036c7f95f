import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';

/* Swagger documentation of what Ollama clients read before they chat (see OllamaModelsView). */

class OllamaModelDetailsDto {
  @ApiProperty({ example: '' }) parent_model!: string;
  @ApiProperty({ description: '`api` for a cloud model, `gguf` for an Ollama one', example: 'api' }) format!: string;
  @ApiProperty({ description: 'The kind of provider that serves it', example: 'anthropic' }) family!: string;
  @ApiProperty({ type: [String], example: ['anthropic'] }) families!: string[];
  @ApiProperty({ example: '' }) parameter_size!: string;
  @ApiProperty({ example: '' }) quantization_level!: string;
}

class OllamaTagDto {
  @ApiProperty({ example: 'claude-sonnet' }) name!: string;
  @ApiProperty({ example: 'claude-sonnet' }) model!: string;
  @ApiProperty({ example: '2026-12-05T10:00:00.000Z' }) modified_at!: string;
  @ApiProperty({ description: '0: the gateway holds no weights', example: 0 }) size!: number;
  @ApiProperty({ description: "A hash of the model's name, stable across restarts" }) digest!: string;
  @ApiProperty({ type: OllamaModelDetailsDto }) details!: OllamaModelDetailsDto;
}

export class OllamaTagsDto {
  @ApiProperty({ type: [OllamaTagDto] }) models!: OllamaTagDto[];
}

/** One of the two names the model; `model` wins when both come. */
export class OllamaShowRequestDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'claude-sonnet' })
  model?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The older name of `model`, as older clients send it',
  })
  name?: string | null;
}

export class OllamaShowDto {
  @ApiProperty({ example: '' }) modelfile!: string;
  @ApiProperty({ example: '' }) parameters!: string;
  @ApiProperty({ example: '' }) template!: string;
  @ApiProperty({ type: OllamaModelDetailsDto }) details!: OllamaModelDetailsDto;

  @ApiProperty({
    description: 'Architecture and name; the context length where the gateway knows it',
    example: {
      'general.architecture': 'anthropic',
      'general.basename': 'claude-sonnet',
      'anthropic.context_length': 200000,
    },
  })
  model_info!: Record<string, unknown>;

  @ApiProperty({ type: [String], example: ['completion', 'tools', 'vision'] }) capabilities!: string[];
  @ApiProperty({ example: '2026-12-05T10:00:00.000Z' }) modified_at!: string;
}

export class OllamaVersionDto {
  @ApiProperty({ example: '0.12.6' }) version!: string;
}

export class OllamaRunningDto {
  @ApiProperty({
    description: 'Always empty: the gateway loads no model itself',
    type: 'array',
    items: { type: 'object' },
    example: [],
  })
  models!: unknown[];
}
