import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';

/*
 * Swagger documentation of the Ollama wire shapes. These classes describe; the codec validates
 * (naming the field in its errors), so they carry no validation decorators.
 */

export class OllamaChatRequestDto {
  @ApiProperty({ example: 'gpt-4o' })
  model!: string;

  @ApiProperty({
    description: 'role: system | user | assistant | tool; images are raw base64; tool_calls carry object arguments',
    type: 'array',
    items: { type: 'object' },
    example: [{ role: 'user', content: 'Why is the sky blue?' }],
  })
  messages!: unknown[];

  @ApiPropertyOptional({ description: 'NDJSON stream unless false', example: false, nullable: true })
  stream?: boolean;

  @ApiPropertyOptional({
    description: '"json" or a JSON schema',
    oneOf: [{ type: 'string', nullable: true }, { type: 'object' }],
    example: 'json',
  })
  format?: unknown;

  @ApiPropertyOptional({ example: { temperature: 0.2, num_predict: 256 }, nullable: true })
  options?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'true, false, or "low" | "medium" | "high" | "max"',
    oneOf: [
      { type: 'boolean', nullable: true },
      { type: 'string', enum: ['low', 'medium', 'high', 'max'] },
    ],
    example: true,
  })
  think?: unknown;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, example: [], nullable: true })
  tools?: unknown[];
}

export class OllamaGenerateRequestDto {
  @ApiProperty({ example: 'gpt-4o' })
  model!: string;

  @ApiProperty({ example: 'Why is the sky blue?' })
  prompt!: string;

  @ApiPropertyOptional({ example: 'Answer in one sentence.', nullable: true })
  system?: string;

  @ApiPropertyOptional({ description: 'Raw base64 images', example: [], nullable: true })
  images?: string[];

  @ApiPropertyOptional({ description: 'NDJSON stream unless false', example: false, nullable: true })
  stream?: boolean;

  @ApiPropertyOptional({ example: { temperature: 0.2 }, nullable: true })
  options?: Record<string, unknown>;
}

export class OllamaAnswerDto {
  @ApiProperty({ example: 'gpt-4o' })
  model!: string;

  @ApiProperty({ example: '2026-12-05T10:00:00.000Z' })
  created_at!: string;

  @ApiPropertyOptional({
    description: '/api/chat: the assistant message',
    example: { role: 'assistant', content: 'Rayleigh scattering.' },
  })
  message?: unknown;

  @ApiPropertyOptional({ description: '/api/generate: the text', example: 'Rayleigh scattering.' })
  response?: string;

  @ApiProperty({ example: true })
  done!: boolean;

  @ApiPropertyOptional({ enum: ['stop', 'length'] })
  done_reason?: string;

  @ApiPropertyOptional({ description: 'Nanoseconds', example: 412000000 })
  total_duration?: number;

  @ApiPropertyOptional({ example: 26 })
  prompt_eval_count?: number;

  @ApiPropertyOptional({ example: 12 })
  eval_count?: number;
}
