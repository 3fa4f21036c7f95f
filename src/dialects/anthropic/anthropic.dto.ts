import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '#src/core/api-docs.js';

/**
 * OpenAPI descriptions of the Anthropic Messages wire format, for the Swagger document only.
 * Bodies are validated by the dialect decoder, which must see them untouched (unknown fields are
 * passed on to same-format upstreams), so these classes carry no validation decorators.
 */

export class AnthropicCacheControlDto {
  @ApiProperty({ enum: ['ephemeral'], example: 'ephemeral' })
  type!: 'ephemeral';

  @ApiPropertyOptional({ enum: ['5m', '1h'] })
  ttl?: '5m' | '1h';
}

export class AnthropicContentBlockDto {
  @ApiProperty({
    enum: ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'],
    example: 'text',
  })
  type!: string;

  @ApiPropertyOptional({ example: 'What is the weather in Oslo?' })
  text?: string;

  @ApiPropertyOptional({
    description: 'image/document source: base64 (`media_type`, `data`), url (`url`) or, for documents, text',
    example: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo…' },
  })
  source?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'tool_use id', example: 'toolu_01A09q90qw90lq917835lq9' })
  id?: string;

  @ApiPropertyOptional({ description: 'tool_use name', example: 'get_weather' })
  name?: string;

  @ApiPropertyOptional({ description: 'tool_use arguments object', example: { city: 'Oslo' } })
  input?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'tool_result: the tool_use it answers',
    example: 'toolu_01A09q90qw90lq917835lq9',
  })
  tool_use_id?: string;

  @ApiPropertyOptional({
    description: 'tool_result content: a string or text/image/document blocks',
    oneOf: [
      { type: 'string', nullable: true },
      { type: 'array', items: { type: 'object' } },
    ],
    example: '12°C',
  })
  content?: unknown;

  @ApiPropertyOptional({ description: 'tool_result failed' })
  is_error?: boolean;

  @ApiPropertyOptional({ description: 'thinking text, replayed unmodified' })
  thinking?: string;

  @ApiPropertyOptional({ description: 'thinking signature, replayed unmodified' })
  signature?: string;

  @ApiPropertyOptional({ description: 'redacted_thinking payload' })
  data?: string;

  @ApiPropertyOptional({ type: AnthropicCacheControlDto })
  cache_control?: AnthropicCacheControlDto;
}

@ApiExtraModels(AnthropicContentBlockDto)
export class AnthropicMessageParamDto {
  @ApiProperty({
    enum: ['user', 'assistant', 'system'],
    example: 'user',
    description: "`system`: instructions in the conversation's place (Claude Code sends these)",
  })
  role!: 'user' | 'assistant' | 'system';

  @ApiProperty({
    description: 'A string, or a list of content blocks',
    oneOf: [{ type: 'string' }, { type: 'array', items: { $ref: getSchemaPath(AnthropicContentBlockDto) } }],
    example: 'Hello, Claude',
  })
  content!: string | AnthropicContentBlockDto[];
}

export class AnthropicToolDto {
  @ApiProperty({ example: 'get_weather' })
  name!: string;

  @ApiPropertyOptional({ example: 'Current weather for a city' })
  description?: string;

  @ApiPropertyOptional({
    description: 'JSON Schema of the input (custom tools). Server tools have a versioned `type` instead.',
    example: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  })
  input_schema?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Server tools only, e.g. web_search_20250305', example: 'custom' })
  type?: string;

  @ApiPropertyOptional({ type: AnthropicCacheControlDto })
  cache_control?: AnthropicCacheControlDto;
}

@ApiExtraModels(AnthropicContentBlockDto)
export class AnthropicCountTokensRequestDto {
  @ApiPropertyOptional({
    description: 'Model name or alias; absent lets the gateway choose',
    example: 'claude-sonnet-4-5',
    nullable: true,
  })
  model?: string;

  @ApiProperty({ type: [AnthropicMessageParamDto] })
  messages!: AnthropicMessageParamDto[];

  @ApiPropertyOptional({
    description: 'A string, or a list of text blocks',
    oneOf: [
      { type: 'string', nullable: true },
      { type: 'array', items: { $ref: getSchemaPath(AnthropicContentBlockDto) } },
    ],
    example: 'You are a concise assistant.',
  })
  system?: string | AnthropicContentBlockDto[];

  @ApiPropertyOptional({ type: [AnthropicToolDto], nullable: true })
  tools?: AnthropicToolDto[];

  @ApiPropertyOptional({ example: { type: 'auto' }, description: 'auto | any | none | tool (+ name)', nullable: true })
  tool_choice?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: { type: 'enabled', budget_tokens: 2048 },
    description: 'enabled | disabled | adaptive',
    nullable: true,
  })
  thinking?: Record<string, unknown>;
}

export class AnthropicMessagesRequestDto extends AnthropicCountTokensRequestDto {
  @ApiProperty({ minimum: 0, example: 1024 })
  max_tokens!: number;

  @ApiPropertyOptional({ default: false, nullable: true })
  stream?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.7, nullable: true })
  temperature?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, nullable: true })
  top_p?: number;

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  top_k?: number;

  @ApiPropertyOptional({ type: [String], example: ['\n\nHuman:'], nullable: true })
  stop_sequences?: string[];

  @ApiPropertyOptional({ example: { user_id: 'user-1234' }, nullable: true })
  metadata?: { user_id?: string };
}
