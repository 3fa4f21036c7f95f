import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';

/* Swagger documentation of Ollama's two embeddings endpoints; the dialect validates (naming the field). */

export class OllamaEmbedRequestDto {
  @ApiProperty({ example: 'nomic-embed-text' })
  model!: string;

  @ApiProperty({
    description: 'One text or several',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['Why is the sky blue?', 'Why is grass green?'],
  })
  input!: string | string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, example: 256 })
  dimensions?: number | null;

  @ApiPropertyOptional({
    description: 'Any value, not read: the upstream truncates or not by its own default (an Ollama upstream does)',
    oneOf: [{}],
    example: true,
  })
  truncate?: unknown;
}

export class OllamaEmbedResponseDto {
  @ApiProperty({ example: 'nomic-embed-text' })
  model!: string;

  @ApiProperty({
    description: 'One vector per input, in order',
    type: 'array',
    items: { type: 'array', items: { type: 'number' } },
    example: [[0.0106, -0.0241, 0.0183]],
  })
  embeddings!: number[][];

  @ApiProperty({ description: 'Nanoseconds', example: 14143917 })
  total_duration!: number;

  @ApiProperty({ example: 0 })
  load_duration!: number;

  @ApiProperty({ example: 8 })
  prompt_eval_count!: number;
}

export class OllamaEmbeddingsRequestDto {
  @ApiProperty({ example: 'nomic-embed-text' })
  model!: string;

  @ApiProperty({ example: 'Why is the sky blue?' })
  prompt!: string;
}

export class OllamaEmbeddingsResponseDto {
  @ApiProperty({ type: [Number], example: [0.5670403838157654, 0.009260174818336964, 0.23178744316101074] })
  embedding!: number[];
}
