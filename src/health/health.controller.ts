import { Controller, Get, Logger } from '@nestjs/common';
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
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'The process is up (no dependencies checked)',
    description:
      'Answers 200 while the process runs, without checking the database: for a liveness probe that should restart a hung process. No API key needed.',
  })
  live(): HealthStatusDto {
    return { status: 'ok', checks: {} };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'The service can serve requests (database reachable)',
    description:
      'Answers 200 when the service can serve requests (the database answers within 2 seconds), otherwise 503 `not_ready` with `Retry-After`: for a readiness probe or load balancer. No API key needed.',
  })
  @ApiProblemResponses(503)
  async ready(): Promise<HealthStatusDto> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
      ]);
      // Only each check's status is part of the contract: terminus 12 adds the ping's
      // `responseTime`, which would also tell any caller how loaded the database is.
      const checks = Object.fromEntries(
        Object.entries(result.details).map(([name, check]) => [
          name,
          { status: check.status as HealthCheckDto['status'] },
        ]),
      );
      return { status: 'ok', checks };
    } catch (error) {
      // Terminus throws a HealthCheckError whose response says which check failed and why.
      const cause = (error as { response?: unknown }).response ?? error;
      this.logger.warn({ err: error, checks: cause }, 'Readiness check failed');
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
