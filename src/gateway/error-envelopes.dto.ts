import { ApiProperty } from '#src/core/api-docs.js';

/*
 * OpenAPI descriptions of the error bodies clients get, one per envelope (Swagger document only).
 * The OpenAI envelope is also the Responses API's and the unified dialect's.
 */

export class OpenAIErrorDto {
  @ApiProperty({
    example: {
      message: "'messages[0].role' must be one of: system, developer, user, assistant, tool, function",
      type: 'invalid_request_error',
      param: 'messages[0].role',
      code: 'invalid_value',
    },
  })
  error!: { message: string; type: string; param: string | null; code: string | null };
}

export class AnthropicErrorDetailDto {
  @ApiProperty({
    enum: [
      'invalid_request_error',
      'authentication_error',
      'billing_error',
      'permission_error',
      'not_found_error',
      'request_too_large',
      'rate_limit_error',
      'api_error',
      'timeout_error',
      'overloaded_error',
    ],
    example: 'invalid_request_error',
  })
  type!: string;

  @ApiProperty({ example: 'max_tokens: Field required' })
  message!: string;
}

export class AnthropicErrorDto {
  @ApiProperty({ enum: ['error'] })
  type!: 'error';

  @ApiProperty({ type: AnthropicErrorDetailDto })
  error!: AnthropicErrorDetailDto;

  @ApiProperty({ example: 'req_011CSHoEeqs5C35K2UUqR7Fy' })
  request_id!: string;
}

export class OllamaErrorDto {
  @ApiProperty({ example: "model 'llama9' not found" })
  error!: string;
}
