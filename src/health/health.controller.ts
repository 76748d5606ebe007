import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { ProblemException } from '../problem/problem.exception';
import { HealthCheckDto, HealthStatusDto } from './dto/health-status.dto';

@ApiTags('Health')
@ApiExtraModels(HealthCheckDto)
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'The process is up (no dependencies checked)',
  })
  live(): HealthStatusDto {
    return { status: 'ok', checks: {} };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'The service can serve requests (database reachable)',
  })
  @ApiProblemResponses(503)
  async ready(): Promise<HealthStatusDto> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
      ]);
      return { status: 'ok', checks: result.details as HealthStatusDto['checks'] };
    } catch {
      throw new ProblemException({
        status: 503,
        code: 'not_ready',
        detail: 'The database is not reachable.',
        extensions: { checks: { database: { status: 'down' } } },
        headers: { 'retry-after': '2' },
      });
    }
  }
}
