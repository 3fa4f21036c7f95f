import { ApiProperty } from '#src/core/api-docs.js';

export class LoginDto {
  @ApiProperty({ description: 'The admin token', example: 'your-admin-token' })
  token!: string;
}
