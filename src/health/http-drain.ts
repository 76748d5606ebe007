import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';

/** Share of SHUTDOWN_TIMEOUT_MS in-flight requests get; the job queue and database get the rest. */
export const HTTP_DRAIN_SHARE = 0.5;

/**
 * First step of shutdown: stop accepting connections and let in-flight requests finish, before
 * any other module stops (Nest would otherwise stop the job queue and only then the server).
 * onModuleDestroy runs before every beforeApplicationShutdown/onApplicationShutdown hook, so
 * the database is still there for the requests being finished. Requests that arrive on a
 * kept-alive connection meanwhile get a 503 problem (refuseWhileClosing).
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger(HttpDrain.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    const budgetMs = Math.floor(this.config.shutdownTimeoutMs * HTTP_DRAIN_SHARE);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), budgetMs);
    });
    try {
      const outcome = await Promise.race([adapter.close() as Promise<unknown>, timedOut]);
      if (outcome === 'timeout') {
        this.logger.warn(
          `In-flight requests did not finish within ${budgetMs} ms; closing their connections`,
        );
        (adapter.getHttpServer() as Server).closeAllConnections();
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
