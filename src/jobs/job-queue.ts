import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** Share of SHUTDOWN_TIMEOUT_MS the workers get to stop, after the HTTP drain's share. */
const JOB_QUEUE_STOP_SHARE = 0.35;

export type JobHandler<T> = (job: PgBoss.JobWithMetadata<T>) => Promise<void>;

interface QueueDefinition {
  name: string;
  options: Omit<PgBoss.Queue, 'name'>;
  handler: JobHandler<unknown>;
  concurrency: number;
}

/** A pg-boss `db` that runs on a pg Pool: the app's own, so no second pool is ever opened. */
function poolDb(dataSource: DataSource): PgBoss.Db {
  type Pool = { query(text: string, values?: unknown[]): Promise<unknown> };
  return {
    executeSql: async (text, values) => {
      const pool = (dataSource.driver as unknown as { master: Pool }).master;
      const result = (await pool.query(text, values)) as
        { rows: unknown[] } | { rows: unknown[] }[];
      // A multi-statement text (pg-boss's schema plans) answers with one result per statement.
      return Array.isArray(result) ? (result[result.length - 1] ?? { rows: [] }) : result;
    },
  };
}

/**
 * Durable background jobs on PostgreSQL (pg-boss), sharing the application's connection pool:
 * on a server every instance polls with SKIP LOCKED, on embedded PGlite the one session is
 * shared with requests. Modules register their queues before the application boots.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues: QueueDefinition[] = [];
  private boss: PgBoss | undefined;
  private readonly stopHooks: (() => void)[] = [];
  /** This instance's pg-boss worker ids, per queue. */
  private readonly workerIds = new Map<string, string[]>();
  private markStarted: () => void = () => undefined;
  /** Resolves once pg-boss runs (its schema exists and the workers poll). */
  readonly started: Promise<void> = new Promise((resolve) => (this.markStarted = resolve));

  constructor(
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly config: AppConfig,
  ) {}

  /** Declares a queue and its handler; workers start with the application (if concurrency > 0). */
  register<T>(
    name: string,
    options: Omit<PgBoss.Queue, 'name'>,
    handler: JobHandler<T>,
    concurrency: number,
  ): void {
    // A queue's jobs carry what its senders gave, which is T by this queue's contract.
    const untyped: JobHandler<unknown> = (job) => handler(job as PgBoss.JobWithMetadata<T>);
    this.queues.push({ name, options, handler: untyped, concurrency });
  }

  /** Called when the application starts to stop: workers should finish their current step. */
  onStopping(hook: () => void): void {
    this.stopHooks.push(hook);
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      db: poolDb(this.dataSource),
      schema: 'pgboss',
      migrate: true,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: 60,
    });
    boss.on('error', (error) => this.logger.error({ err: error }, 'Job queue error'));
    await boss.start();
    this.boss = boss;
    for (const queue of this.queues) {
      await boss.createQueue(queue.name, { name: queue.name, ...queue.options });
      const ids: string[] = [];
      for (let i = 0; i < queue.concurrency; i++) {
        ids.push(
          await boss.work<unknown>(
            queue.name,
            { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: 1 },
            async ([job]) => queue.handler(job),
          ),
        );
      }
      this.workerIds.set(queue.name, ids);
    }
    this.markStarted();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    for (const hook of this.stopHooks) hook();
    // Runs after the HTTP server has drained (HttpDrain). Graceful: running handlers get part
    // of the budget to reach a batch boundary; whatever is still active afterwards is failed
    // back to pg-boss and retried (resumed) by another instance. The rest of the budget is the
    // database's. pg-boss waits at least one second.
    const timeout = Math.floor(this.config.shutdownTimeoutMs * JOB_QUEUE_STOP_SHARE);
    await this.boss.stop({ graceful: true, wait: true, timeout });
    this.boss = undefined;
  }

  private get running(): PgBoss {
    if (!this.boss) throw new Error('The job queue is not started');
    return this.boss;
  }

  /**
   * Has this instance's idle workers of a queue fetch at once instead of at their next poll
   * (a job just committed). Busy workers, and other instances, find it when they next poll.
   */
  wake(name: string): void {
    for (const id of this.workerIds.get(name) ?? []) this.boss?.notifyWorker(id);
  }

  /**
   * Enqueues a job inside the current transaction (it exists only if the transaction commits).
   * Runs through the transaction's own connection: the embedded database has one session.
   */
  async sendInTransaction(name: string, data: object, options: PgBoss.SendOptions = {}) {
    const runner = this.txHost.tx.queryRunner;
    if (!runner) throw new Error('sendInTransaction needs an open transaction');
    const db: PgBoss.Db = {
      executeSql: async (text, values) => ({
        rows: ((await runner.query(text, values, true)) as { records?: unknown[] }).records ?? [],
      }),
    };
    return this.running.send(name, data, { ...options, db });
  }

  getJob<T>(name: string, id: string): Promise<PgBoss.JobWithMetadata<T> | null> {
    return this.running.getJobById<T>(name, id);
  }

  /** Fails an active job as if its worker had thrown: pg-boss retries it or marks it failed. */
  fail(name: string, id: string, reason: string): Promise<void> {
    return this.running.fail(name, id, { message: reason });
  }
}
