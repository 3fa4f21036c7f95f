import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';

/* Swagger documentation of `POST /v1/embeddings`; the dialect validates (naming the field in its errors). */

export class EmbeddingsRequestDto {
  @ApiProperty({ description: 'A configured embedding model', example: 'text-embedding-3-small' })
  model!: string;

  @ApiProperty({
    description: 'A text, several texts, one token array or several token arrays; not empty',
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' } },
      { type: 'array', items: { type: 'integer' } },
      { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
    ],
    example: ['The quick brown fox', 'jumps over the lazy dog'],
  })
  input!: unknown;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    nullable: true,
    example: 512,
    description: 'Fewer dimensions, where the model can',
  })
  dimensions?: number | null;

  @ApiPropertyOptional({
    enum: ['float', 'base64', null],
    default: 'float',
    nullable: true,
    description: 'base64: each vector as little-endian float32',
  })
  encoding_format?: string | null;
}

class EmbeddingDto {
  @ApiProperty({ enum: ['embedding'] }) object!: 'embedding';
  @ApiProperty({ example: 0 }) index!: number;

  @ApiProperty({
    description: 'Numbers, or a base64 string with `encoding_format: "base64"`',
    oneOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string' }],
    example: [0.0023, -0.0091, 0.0154],
  })
  embedding!: number[] | string;
}

class EmbeddingsUsageDto {
  @ApiProperty({ example: 9 }) prompt_tokens!: number;
  @ApiProperty({ example: 9 }) total_tokens!: number;
}

export class EmbeddingsResponseDto {
  @ApiProperty({ enum: ['list'] }) object!: 'list';
  @ApiProperty({ type: [EmbeddingDto] }) data!: EmbeddingDto[];
  @ApiProperty({ example: 'text-embedding-3-small' }) model!: string;
  @ApiProperty({ type: EmbeddingsUsageDto }) usage!: EmbeddingsUsageDto;
}
