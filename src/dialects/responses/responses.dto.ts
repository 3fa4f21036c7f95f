import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';

/*
 * Swagger documentation of the Responses API wire shapes. These classes describe; the codec
 * validates (with field paths in its errors), so they carry no validation decorators.
 */

export class ResponsesRequestDto {
  @ApiPropertyOptional({
    description: 'A configured model name; omit to let the gateway route',
    example: 'gpt-4o',
    nullable: true,
  })
  model?: string;

  @ApiProperty({
    description: 'A string, or items: message, function_call, function_call_output (others are relayed or dropped)',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }],
    example: 'What is the weather in Oslo?',
  })
  input!: unknown;

  @ApiPropertyOptional({ example: 'You are terse.', nullable: true })
  instructions?: string;

  @ApiPropertyOptional({
    description: 'Function tools (flat), namespace tools; built-in tools reach only Responses upstreams',
    type: 'array',
    items: { type: 'object' },
    example: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }],
    nullable: true,
  })
  tools?: unknown[];

  @ApiPropertyOptional({ example: false, nullable: true })
  stream?: boolean;

  @ApiPropertyOptional({ example: 1024, nullable: true })
  max_output_tokens?: number;

  @ApiPropertyOptional({
    description:
      'Forwarded only when the request is relayed to a model deployed on the Responses API, which keeps the ' +
      'earlier response; the gateway keeps none, so elsewhere it is a 400 (previous_response_not_found)',
    nullable: true,
  })
  previous_response_id?: string;
}

export class ResponsesResponseDto {
  @ApiProperty({ example: 'resp_abc123' })
  id!: string;

  @ApiProperty({ example: 'response' })
  object!: string;

  @ApiProperty({ example: 1_764_000_000 })
  created_at!: number;

  @ApiProperty({ enum: ['completed', 'incomplete', 'failed'], example: 'completed' })
  status!: string;

  @ApiProperty({ example: 'gpt-4o' })
  model!: string;

  @ApiProperty({
    description: 'message, function_call and reasoning items',
    type: 'array',
    items: { type: 'object' },
    example: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello' }] }],
  })
  output!: unknown[];

  @ApiProperty({ example: { input_tokens: 12, output_tokens: 3, total_tokens: 15 } })
  usage!: unknown;
}
