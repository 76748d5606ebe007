import { Controller, Get, Logger } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { ProblemException } from '../problem/problem.exception';
import { RateLimitStore } from '../throttling/rate-limit-store';
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
    private readonly rateLimitStore: RateLimitStore,
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
      "Answers 200 when the service can serve requests (the database answers within 2 seconds), otherwise 503 `not_ready` with `Retry-After`: for a readiness probe or load balancer. No API key needed. With `REDIS_URL` set, `checks.redis` reports the rate limiters' shared store: while it is down the service stays ready when `RATE_LIMIT_STORE_FAILURE=open` (requests go through uncounted) and is not ready when it is `closed`.",
  })
  @ApiProblemResponses(503)
  async ready(): Promise<HealthStatusDto> {
    const [database, redis] = await Promise.all([
      this.databaseStatus(),
      this.rateLimitStore.health(),
    ]);
    const checks: HealthStatusDto['checks'] = { database: { status: database } };
    if (redis) checks.redis = { status: redis };
    const redisBlocks = redis === 'down' && this.rateLimitStore.failureMode === 'closed';
    if (database === 'down' || redisBlocks) {
      throw new ProblemException({
        status: 503,
        code: 'not_ready',
        detail:
          database === 'down'
            ? 'The database is not reachable.'
            : "The rate limiters' Redis is not reachable (RATE_LIMIT_STORE_FAILURE=closed).",
        extensions: { checks },
        headers: { 'retry-after': '2' },
      });
    }
    return { status: 'ok', checks };
  }

  private async databaseStatus(): Promise<'up' | 'down'> {
    try {
      await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
      return 'up';
    } catch (error) {
      // Terminus throws a HealthCheckError whose response says which check failed and why.
      const cause = (error as { response?: unknown }).response ?? error;
      this.logger.warn({ err: error, checks: cause }, 'Readiness check failed');
      return 'down';
    }
  }
}
