import { ApiProperty, ApiPropertyOptional } from '#src/core/api-docs.js';
import { ChatMessageDto } from '#src/dialects/openai/openai.dto.js';
import { AUTO_ROUTED_EXAMPLE, SEED_CHAT_EXAMPLE, UNIFIED_ANSWER_EXAMPLE } from './unified.examples.js';

/*
 * Swagger documentation of `/api/chat`. These classes describe; the codec validates.
 * `UNIFIED_REQUEST_EXAMPLES` is meant for `@ApiBody({ examples })`.
 */

export const UNIFIED_REQUEST_EXAMPLES = {
  seed: { summary: 'An explicit model', value: SEED_CHAT_EXAMPLE },
  autoRouted: { summary: 'No model: a request rule routes code questions', value: AUTO_ROUTED_EXAMPLE },
};

export class RequestRoutingRuleDto {
  @ApiProperty({
    description: 'A linear-time regular expression matched against the prompt',
    maxLength: 512,
    example: '代码|code',
  })
  pattern!: string;

  @ApiPropertyOptional({ description: 'The model to use when the pattern matches', example: 'cursor' })
  model?: string;

  @ApiPropertyOptional({ description: 'A pool of models instead of one', example: ['cursor', 'gpt-4o'] })
  models?: string[];
}

export class UnifiedChatRequestDto {
  @ApiPropertyOptional({
    description: 'A configured model name; omit to let the gateway route',
    example: 'claude-3-opus',
    nullable: true,
  })
  model?: string;

  @ApiProperty({ type: [ChatMessageDto], example: SEED_CHAT_EXAMPLE.messages })
  messages!: ChatMessageDto[];

  @ApiPropertyOptional({
    description: 'System prompt, placed before any system messages',
    example: 'Be concise.',
    nullable: true,
  })
  system?: string;

  @ApiPropertyOptional({ example: 256, nullable: true })
  max_tokens?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 2, example: 0.7, nullable: true })
  temperature?: number;

  @ApiPropertyOptional({
    description: 'Answer as named SSE events (start, delta, done)',
    example: false,
    nullable: true,
  })
  stream?: boolean;

  @ApiPropertyOptional({
    description: 'OpenAI-style function tools',
    type: 'array',
    items: { type: 'object' },
    nullable: true,
  })
  tools?: unknown[];

  @ApiPropertyOptional({ oneOf: [{ type: 'string', nullable: true }, { type: 'object' }], example: 'auto' })
  tool_choice?: unknown;

  @ApiPropertyOptional({
    type: [RequestRoutingRuleDto],
    maxItems: 16,
    example: AUTO_ROUTED_EXAMPLE.routing_rules,
    nullable: true,
  })
  routing_rules?: RequestRoutingRuleDto[];

  @ApiPropertyOptional({
    description:
      'Response-cache directives: a Cache-Control-style string ("no-cache", "no-store", "max-age=60") or ' +
      '{no_cache, no_store, max_age, semantic}',
    oneOf: [{ type: 'string', nullable: true }, { type: 'object' }],
    example: { max_age: 600 },
  })
  cache?: unknown;
}

export class UnifiedChatResponseDto {
  @ApiProperty({ example: UNIFIED_ANSWER_EXAMPLE.id }) id!: string;
  @ApiProperty({ example: 'chat.completion.unified' }) object!: string;
  @ApiProperty({ example: UNIFIED_ANSWER_EXAMPLE.content }) content!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    example: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo' } }],
  })
  tool_calls?: unknown[];

  @ApiProperty({ example: 'claude-3-opus' }) _actual_model_used!: string;
  @ApiProperty({ example: 'claude-3-opus' }) model!: string;
  @ApiProperty({ example: 'claude' }) provider!: string;
  @ApiProperty({ enum: ['stop', 'length', 'tool_calls', 'content_filter'], example: 'stop' }) finish_reason!: string;
  @ApiProperty({ example: UNIFIED_ANSWER_EXAMPLE.usage }) usage!: Record<string, number>;
  @ApiPropertyOptional({ description: 'Thinking text, when the model produced any' }) thinking?: string;
  @ApiProperty({ example: UNIFIED_ANSWER_EXAMPLE._route }) _route!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: UNIFIED_ANSWER_EXAMPLE._attempts })
  _attempts!: unknown[];
}
