import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { CustomersBulkRepository } from './customers-bulk.repository';
import { CustomersController } from './customers.controller';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';

@Module({
  imports: [AuditModule, IdempotencyModule],
  controllers: [CustomersController],
  providers: [CustomersService, CustomersRepository, CustomersBulkRepository],
  // The CSV import reuses the list query (export) and the bulk writes; work orders lock their
  // customer through CustomersRepository.
  exports: [CustomersService, CustomersRepository, CustomersBulkRepository],
})
export class CustomersModule {}
