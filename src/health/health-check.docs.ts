import { applyDecorators } from '@nestjs/common';
import { HealthCheck } from '@nestjs/terminus';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '#src/core/api-docs.js';

/** Each indicator's answer by name, as Terminus reports it. */
const indicators = (example: Record<string, unknown>) => ({
  type: 'object',
  example,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'degraded', 'down'] } },
    additionalProperties: true,
  },
});

const UP = { config: { status: 'up', models: 3 } };
const DOWN = { providers: { status: 'down', openai_1: { status: 'down', detail: 'could not be reached' } } };

function healthSchema(outcome: 'ok' | 'error') {
  return {
    type: 'object',
    properties: {
      status: {
        type: 'string',
        enum: outcome === 'ok' ? ['ok', 'degraded'] : ['error', 'shutting_down'],
        example: outcome,
      },
      info: { ...indicators(UP), nullable: true },
      error: { ...indicators(outcome === 'ok' ? {} : DOWN), nullable: true },
      details: indicators(outcome === 'ok' ? UP : { ...UP, ...DOWN }),
    },
  };
}

/**
 * Terminus's health check, never cached, documented with our own decorators: Terminus's own
 * documentation would load @nestjs/swagger at start (see core/api-docs.ts).
 */
export const HealthEndpoint = () =>
  applyDecorators(
    HealthCheck({ noCache: true, swaggerDocumentation: false }),
    ApiOkResponse({ description: 'Every check passed', schema: healthSchema('ok') }),
    ApiServiceUnavailableResponse({ description: 'A check failed', schema: healthSchema('error') }),
  );
