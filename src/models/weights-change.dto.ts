import { ApiProperty } from '#src/core/api-docs.js';

/**
 * The body of a weight change, on the proxy's weights API and the admin API alike, for the OpenAPI
 * document. The weights service checks it (its shape, then each entry: a known model or deployment,
 * a weight in range, no pool drained), all or nothing, so no validation library is loaded for it.
 */
export class WeightsChangeDto {
  @ApiProperty({
    description: 'Model names and deployments (`<model>/<index>` or `<model>/<provider>`) with their new weights',
    example: { 'claude-sonnet-4-5': 3, 'gpt-4o': 1, 'gpt-4o/openai': 2 },
  })
  weights!: Record<string, unknown>;
}
