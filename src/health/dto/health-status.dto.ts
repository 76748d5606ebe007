import { ApiProperty } from '@nestjs/swagger';

export class HealthCheckDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status: 'up' | 'down';
}

export class HealthStatusDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
  /** Each dependency checked, by name: `database`, and `redis` when REDIS_URL is set. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/HealthCheckDto' },
    example: { database: { status: 'up' }, redis: { status: 'up' } },
  })
  checks: Record<string, HealthCheckDto>;
}
