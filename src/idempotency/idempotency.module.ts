import { Module } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyService } from './idempotency.service';

/**
 * `@Idempotent()` for POST handlers. A module whose controller uses it imports this module: the
 * decorator's interceptor is instantiated in the controller's module and needs the service.
 */
@Module({
  providers: [IdempotencyService, IdempotencyKeysRepository],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
