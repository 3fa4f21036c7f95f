import { ApiProperty } from '#src/core/api-docs.js';

/* Swagger documentation of what the model lists answer (see ModelListView). */

class DeploymentStatusDto {
  @ApiProperty({ example: 'claude-sonnet/0' }) key!: string;
  @ApiProperty({ example: 'claude' }) provider!: string;
  @ApiProperty({ example: 'claude-sonnet-4-5' }) upstream_model!: string;
  @ApiProperty({ example: 1 }) weight!: number;
  @ApiProperty({ description: 'Whether the provider has what it needs (a key, a URL)' }) configured!: boolean;
  @ApiProperty({ enum: ['closed', 'open', 'half_open'], example: 'closed' }) breaker!: string;

  @ApiProperty({ type: String, nullable: true, description: 'When an open breaker lets a probe through' })
  retry_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null }) last_error!: string | null;
}

class ModelStatusDto {
  @ApiProperty({ example: 'claude-sonnet' }) id!: string;
  @ApiProperty({ example: 'claude-sonnet' }) name!: string;
  @ApiProperty({ description: "Its first deployment's provider", example: 'claude' }) provider!: string;
  @ApiProperty({ example: 1 }) weight!: number;
  @ApiProperty({ type: [String], example: ['tools', 'vision', 'reasoning'] }) capabilities!: string[];
  @ApiProperty({ type: Number, nullable: true, example: 200000 }) context_window!: number | null;
  @ApiProperty({ enum: ['available', 'unconfigured'], example: 'available' }) status!: string;
  @ApiProperty({ type: [String], example: ['gpt-4o'] }) fallbacks!: string[];
  @ApiProperty({ type: [DeploymentStatusDto] }) deployments!: DeploymentStatusDto[];
}

export class ModelStatusListDto {
  @ApiProperty({ enum: ['list'] }) object!: 'list';
  @ApiProperty({ description: 'Only the built-in demo model answers: no provider is configured' }) demo_mode!: boolean;
  @ApiProperty({
    type: [String],
    description: 'Where a request that names no model goes, first choice first',
    example: ['claude-sonnet'],
  })
  default!: string[];
  @ApiProperty({ type: [ModelStatusDto] }) data!: ModelStatusDto[];
}

/** OpenAI's model object with Anthropic's fields beside it, so both SDKs read it. */
export class SdkModelDto {
  @ApiProperty({ example: 'claude-sonnet' }) id!: string;
  @ApiProperty({ enum: ['model'] }) object!: 'model';
  @ApiProperty({ example: 1730000000 }) created!: number;
  @ApiProperty({ example: 'claude' }) owned_by!: string;
  @ApiProperty({ enum: ['model'] }) type!: 'model';
  @ApiProperty({ example: 'claude-sonnet' }) display_name!: string;
  @ApiProperty({ example: '2024-10-27T03:33:20.000Z' }) created_at!: string;
}

export class SdkModelListDto {
  @ApiProperty({ enum: ['list'] }) object!: 'list';
  @ApiProperty({ type: [SdkModelDto] }) data!: SdkModelDto[];
  @ApiProperty({ enum: [false] }) has_more!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'claude-sonnet' }) first_id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'gpt-4o' }) last_id!: string | null;
}
