import { ApiProperty } from '#src/core/api-docs.js';

/* Swagger documentation of what `/api/route/explain` answers (see RouteExplainer). */

class RouteCandidateDto {
  @ApiProperty({ example: 'claude-sonnet' }) model!: string;
  @ApiProperty({ example: 'claude-sonnet/0' }) deployment!: string;
  @ApiProperty({ example: 'claude' }) provider!: string;
  @ApiProperty({ example: 1 }) weight!: number;
  @ApiProperty({ enum: ['closed', 'half_open'], example: 'closed' }) breaker!: string;
}

class SkippedModelDto {
  @ApiProperty({ example: 'gpt-4o' }) model!: string;
  @ApiProperty({ example: 'deployment gpt-4o/0 (openai): circuit breaker open' }) why!: string;
}

export class RouteExplanationDto {
  @ApiProperty({ type: String, nullable: true, description: 'The first choice; null when none is left' })
  model!: string | null;

  @ApiProperty({
    type: [RouteCandidateDto],
    description:
      'The deployments a request would try, in order, up to fallback.max_attempts; under weighted and round_robin the first is the heaviest, where real requests take turns',
  })
  candidates!: RouteCandidateDto[];

  @ApiProperty({
    description: 'The decision, as a chat answer carries it: `reason` (and the rule or route that matched)',
    example: { reason: 'rule', rule: '(?i)\\bcode\\b' },
  })
  _route!: Record<string, unknown>;

  @ApiProperty({ type: [SkippedModelDto] }) skipped!: SkippedModelDto[];
}
