import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmptyObject, IsObject } from 'class-validator';

/**
 * The body of a weight change, on the proxy's weights API and the admin API alike. Only its shape
 * is checked here; each entry (a known model or deployment, a weight in range, no pool drained)
 * is the weights service's to judge, all or nothing.
 */
export class WeightsChangeDto {
  @ApiProperty({
    description: 'Model names and deployments (`<model>/<index>` or `<model>/<provider>`) with their new weights',
    example: { 'claude-sonnet-4-5': 3, 'gpt-4o': 1, 'gpt-4o/openai': 2 },
  })
  // Rules run bottom-up and stop at the first broken one: the shape first, then emptiness.
  @IsNotEmptyObject({}, { message: 'No weight to change' })
  @IsObject({ message: 'Send {"weights": {"<model>": n, "<model>/<deployment>": n}}' })
  weights!: Record<string, unknown>;
}
