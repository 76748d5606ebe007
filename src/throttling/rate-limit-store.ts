import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { FailSafeCounters, type StoreFailureMode } from './fail-safe-counters';
import { InMemoryRateLimitCounters, type RateLimitCounters } from './rate-limit-counters';
import { RedisRateLimitCounters } from './redis-rate-limit-counters';

/**
 * Where the limiters keep their counters: in this process (the default), or in Redis when
 * `REDIS_URL` is set, so that every instance behind a load balancer shares one budget.
 */
export class RateLimitStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimitStore');

  private constructor(
    readonly counters: RateLimitCounters,
    readonly failureMode: StoreFailureMode,
    private readonly redis?: Redis,
  ) {}

  static inProcess(): RateLimitStore {
    return new RateLimitStore(new InMemoryRateLimitCounters(), 'open');
  }

  static forConfig(config: AppConfig): RateLimitStore {
    if (!config.redisUrl) return RateLimitStore.inProcess();
    const redis = new Redis(config.redisUrl, {
      lazyConnect: true,
      // A command while disconnected fails at once (and the failure mode decides) instead of
      // waiting in a queue while requests pile up.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.redisCommandTimeoutMs,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    const logger = new Logger('RateLimitStore');
    const counters = new FailSafeCounters(
      new RedisRateLimitCounters(redis, config.redisKeyPrefix),
      config.rateLimitStoreFailure,
      {
        warn: (message, context) => logger.warn(context, message),
        log: (message) => logger.log(message),
      },
    );
    // Without a listener ioredis prints every reconnection failure; the outage log says it once.
    redis.on('error', (error) => counters.noteFailure(error));
    return new RateLimitStore(counters, config.rateLimitStoreFailure, redis);
  }

  get kind(): 'in-process' | 'redis' {
    return this.redis ? 'redis' : 'in-process';
  }

  /** Connects before the first request; a Redis that is down does not stop the start-up. */
  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    try {
      await this.redis.connect();
    } catch (error) {
      this.logger.warn(
        `Redis unreachable at start-up (${(error as Error).message}); failing ${this.failureMode} until it answers`,
      );
    }
  }

  /** `up` / `down` for the shared store; undefined when the counters are in this process. */
  async health(timeoutMs = 1000): Promise<'up' | 'down' | undefined> {
    if (!this.redis) return undefined;
    if (this.redis.status !== 'ready') return 'down';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'down'>((resolve) => {
      timer = setTimeout(() => resolve('down'), timeoutMs);
    });
    try {
      return await Promise.race([this.redis.ping().then(() => 'up' as const), timeout]);
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
