import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CustomersModule } from '../customers/customers.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { CustomersExportController } from './customers-export.controller';
import { CustomersExportService } from './customers-export.service';
import { ImportBatchWriter } from './import-batch-writer';
import { ImportLifecycle } from './import-lifecycle';
import { ImportRunner } from './import-runner.service';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

@Module({
  imports: [AuditModule, CustomersModule, IdempotencyModule],
  controllers: [ImportsController, CustomersExportController],
  providers: [
    ImportsService,
    ImportRunner,
    ImportLifecycle,
    ImportBatchWriter,
    ImportsRepository,
    CustomersExportService,
  ],
})
export class ImportsModule {}
