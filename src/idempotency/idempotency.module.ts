import { Module } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyService } from './idempotency.service';
import { IdempotentHandler } from './idempotent-handler';

/**
 * `@Idempotent()` for POST handlers: the handler it wraps finds the app's IdempotentHandler.
 * A module whose controller uses it imports this module.
 */
@Module({
  providers: [IdempotencyService, IdempotencyKeysRepository, IdempotentHandler],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
