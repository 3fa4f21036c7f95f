import { ApiProperty } from '@nestjs/swagger';

export class LoginDto {
  @ApiProperty({ description: 'The admin token', example: 'your-admin-token' })
  token!: string;
}
