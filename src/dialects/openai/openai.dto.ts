import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';

/*
 * Swagger documentation of the Chat Completions wire shapes. These classes describe; the codec
 * validates (with field paths in its errors), so they carry no validation decorators.
 */

export class ChatMessageDto {
  @ApiProperty({ enum: ['system', 'developer', 'user', 'assistant', 'tool'], example: 'user' })
  role!: string;

  @ApiPropertyOptional({
    description: 'A string, null (assistant turns with tool calls), or content parts: text, image_url, file',
    oneOf: [
      { type: 'string', nullable: true },
      { type: 'array', items: { type: 'object' } },
    ],
    example: 'What is the weather in Oslo?',
  })
  content?: unknown;

  @ApiPropertyOptional({
    description: 'Assistant tool calls; arguments are JSON text',
    type: 'array',
    items: { type: 'object' },
    example: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }],
  })
  tool_calls?: unknown[];

  @ApiPropertyOptional({ description: 'For role "tool": the id of the call this answers', example: 'call_1' })
  tool_call_id?: string;
}

export class ChatCompletionRequestDto {
  @ApiPropertyOptional({
    description: 'A configured model name; omit to let the gateway route',
    example: 'gpt-4o',
    nullable: true,
  })
  model?: string;

  @ApiProperty({ type: [ChatMessageDto] })
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({ example: false, nullable: true })
  stream?: boolean;

  @ApiPropertyOptional({ example: { include_usage: true }, nullable: true })
  stream_options?: { include_usage?: boolean };

  @ApiPropertyOptional({ example: 1024, description: 'Preferred over the deprecated max_tokens', nullable: true })
  max_completion_tokens?: number;

  @ApiPropertyOptional({ example: 1024, deprecated: true, nullable: true })
  max_tokens?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 2, example: 0.7, nullable: true })
  temperature?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 1, nullable: true })
  top_p?: number;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', nullable: true },
      { type: 'array', items: { type: 'string' } },
    ],
    example: ['\n\n'],
  })
  stop?: string | string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    example: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ],
    nullable: true,
  })
  tools?: unknown[];

  @ApiPropertyOptional({
    description: '"none" | "auto" | "required" | {type:"function",function:{name}}',
    oneOf: [{ type: 'string', nullable: true }, { type: 'object' }],
    example: 'auto',
  })
  tool_choice?: unknown;

  @ApiPropertyOptional({ example: true, nullable: true })
  parallel_tool_calls?: boolean;

  @ApiPropertyOptional({ example: { type: 'json_object' }, nullable: true })
  response_format?: unknown;

  @ApiPropertyOptional({
    enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', null],
    example: 'medium',
    nullable: true,
  })
  reasoning_effort?: string;

  @ApiPropertyOptional({ example: 1, description: 'Only 1 is supported', nullable: true })
  n?: number;
}

class UsageDto {
  @ApiProperty({ example: 82 }) prompt_tokens!: number;
  @ApiProperty({ example: 17 }) completion_tokens!: number;
  @ApiProperty({ example: 99 }) total_tokens!: number;
  @ApiProperty({ example: { cached_tokens: 0 } }) prompt_tokens_details!: { cached_tokens: number };
  @ApiProperty({ example: { reasoning_tokens: 0 } }) completion_tokens_details!: { reasoning_tokens: number };
}

export class ChatCompletionResponseDto {
  @ApiProperty({ example: 'chatcmpl-9xYzAbCdEfGh' }) id!: string;
  @ApiProperty({ example: 'chat.completion' }) object!: string;
  @ApiProperty({ example: 1730000000 }) created!: number;
  @ApiProperty({ example: 'gpt-4o' }) model!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I help?', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
  })
  choices!: unknown[];

  @ApiProperty({ type: UsageDto }) usage!: UsageDto;
}
