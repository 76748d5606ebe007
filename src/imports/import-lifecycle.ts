import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { RequestContext, type Actor } from '../request-context/request-context';
import { CustomerImport, FINISHED_STATUSES, UPLOADING } from './customer-import.entity';
import { ImportsRepository } from './imports.repository';
import { IMPORT_QUEUE, type ImportJobData } from './imports.service';

/** This run no longer owns the import (cancelled, or presumed dead and taken over). */
export class LostRun extends Error {}

/** Who claims and recovers imports: no request's caller. */
export const SYSTEM: Actor = { keyId: null, name: 'system', role: 'admin' };

/** How long an upload may store nothing before it is presumed abandoned (its process died). */
const UPLOAD_ABANDONED_AFTER_SECONDS = 15 * 60;

/**
 * An import run's hold on its import: claimed by a run token, checked in each batch's
 * transaction, given back (completed, released for a retry, handed over at shutdown), and
 * taken away from a run whose process died (the sweep).
 */
@Injectable()
export class ImportLifecycle
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(ImportLifecycle.name);
  private stopping = false;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly imports: ImportsRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly requestContext: RequestContext,
  ) {}

  onModuleInit(): void {
    this.jobs.onStopping(() => {
      this.stopping = true;
      clearInterval(this.sweepTimer);
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.importWorkers === 0) return;
    void this.jobs.started.then(() => {
      if (this.stopping) return;
      void this.sweep();
      const everyMs = Math.max(1000, (this.config.importStaleAfterSeconds * 1000) / 2);
      this.sweepTimer = setInterval(() => void this.sweep(), everyMs);
      this.sweepTimer.unref();
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }

  /** Takes the import for this run, unless it is finished or a live run has it. */
  @Transactional()
  async claim(importId: string, runToken: string): Promise<CustomerImport | null> {
    const found = await this.imports.lockById(importId);
    if (!found || found.status === UPLOADING || FINISHED_STATUSES.includes(found.status)) {
      return null;
    }
    const heartbeatAgeMs = found.heartbeatAt ? Date.now() - found.heartbeatAt.getTime() : Infinity;
    if (found.runToken && heartbeatAgeMs < this.config.importStaleAfterSeconds * 1000) return null;
    await this.imports.claimRun(importId, runToken);
    return this.imports.findById(importId);
  }

  /** In the caller's transaction: throws LostRun unless this run still owns the import. */
  async assertOwned(importId: string, runToken: string): Promise<CustomerImport> {
    const current = await this.imports.lockById(importId);
    if (!current || current.status !== 'processing' || current.runToken !== runToken) {
      throw new LostRun();
    }
    return current;
  }

  @Transactional()
  async complete(importId: string, runToken: string): Promise<void> {
    await this.assertOwned(importId, runToken);
    await this.imports.finish(importId, 'completed');
    await this.imports.deleteWorkingData(importId);
  }

  /** After a failed run: let the retry take it over, or (no attempts left) mark it failed. */
  @Transactional()
  async release(importId: string, runToken: string, failureReason: string | null): Promise<void> {
    const current = await this.imports.lockById(importId);
    if (!current || current.runToken !== runToken) return;
    if (failureReason) {
      await this.imports.finish(importId, 'failed', failureReason);
      await this.imports.deleteWorkingData(importId);
    } else {
      await this.imports.releaseRun(importId);
    }
  }

  /** Shutting down: a new job continues the import on whichever instance fetches it. */
  @Transactional()
  async handOver(importId: string, runToken: string): Promise<void> {
    const current = await this.imports.lockById(importId);
    if (!current || current.runToken !== runToken) return;
    await this.imports.releaseRun(importId);
    const jobId = await this.jobs.sendInTransaction(
      IMPORT_QUEUE,
      { importId } satisfies ImportJobData,
      { retryLimit: this.config.importMaxAttempts - 1, retryDelay: 1, expireInSeconds: 4 * 3600 },
    );
    await this.imports.setJob(importId, jobId);
  }

  /**
   * Deletes uploads abandoned by a process that died mid-upload. Finds imports whose worker
   * stopped reporting (its process died): fails their job back to
   * pg-boss, which retries it (the next run resumes after the last committed batch) or, out of
   * attempts, fails it; then the import is marked failed with its counters as they are.
   */
  async sweep(): Promise<void> {
    try {
      await this.imports.deleteAbandonedUploads(UPLOAD_ABANDONED_AFTER_SECONDS);
      const stale = await this.imports.findStale(this.config.importStaleAfterSeconds);
      for (const found of stale) {
        await this.requestContext.runAs(SYSTEM, () => this.recover(found.id));
      }
    } catch (error) {
      if (!this.stopping) this.logger.error({ err: error }, 'Import recovery sweep failed');
    }
  }

  private async recover(importId: string): Promise<void> {
    const abandoned = await this.abandonRun(importId);
    if (!abandoned) return;
    const { jobId } = abandoned;
    let job = jobId ? await this.jobs.getJob(IMPORT_QUEUE, jobId) : null;
    if (job && job.state === 'active' && abandoned.hadRun) {
      await this.jobs.fail(IMPORT_QUEUE, job.id, 'The worker stopped reporting (presumed dead).');
      job = await this.jobs.getJob(IMPORT_QUEUE, job.id);
      this.logger.warn({ importId, jobState: job?.state }, 'Import worker presumed dead');
    }
    if (!job || job.state === 'failed' || job.state === 'completed' || job.state === 'cancelled') {
      await this.failAbandoned(importId);
    }
  }

  /** Takes a stale import away from its (dead) run, so that run can never write again. */
  @Transactional()
  async abandonRun(importId: string): Promise<{ jobId: string | null; hadRun: boolean } | null> {
    const current = await this.imports.lockById(importId);
    if (!current || current.status !== 'processing') return null;
    const ageMs = current.heartbeatAt ? Date.now() - current.heartbeatAt.getTime() : Infinity;
    if (ageMs < this.config.importStaleAfterSeconds * 1000) return null;
    if (current.runToken) await this.imports.releaseRun(importId);
    return { jobId: current.jobId, hadRun: current.runToken !== null };
  }

  @Transactional()
  async failAbandoned(importId: string): Promise<void> {
    const current = await this.imports.lockById(importId);
    if (!current || current.status !== 'processing' || current.runToken) return;
    await this.imports.finish(
      importId,
      'failed',
      // The job's own retry limit was fixed when it was queued (by whichever instance).
      `The import was interrupted and has no attempts left (${current.attempts} used); ` +
        `rows up to ${current.lastRow} were processed.`,
    );
    await this.imports.deleteWorkingData(importId);
  }
}
