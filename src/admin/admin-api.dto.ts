import { ApiProperty } from '@nestjs/swagger';

export class LoginDto {
  @ApiProperty({ description: 'The admin token', example: 'your-admin-token' })
  token!: string;
}

export class WeightsChangeDto {
  @ApiProperty({
    description: 'Model names and deployments (`<model>/<index>` or `<model>/<provider>`) with their new weights',
    example: { 'claude-sonnet-4-5': 3, 'gpt-4o/0': 2 },
  })
  weights!: Record<string, number>;
}
