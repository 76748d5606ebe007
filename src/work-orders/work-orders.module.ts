import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CustomersModule } from '../customers/customers.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { CustomerWorkOrdersController } from './customer-work-orders.controller';
import { WorkOrdersController } from './work-orders.controller';
import { WorkOrdersRepository } from './work-orders.repository';
import { WorkOrdersService } from './work-orders.service';

@Module({
  // Work orders depend on customers (a new order locks its customer; a customer's orders are
  // listed under its path here), never the reverse.
  imports: [AuditModule, IdempotencyModule, CustomersModule],
  controllers: [WorkOrdersController, CustomerWorkOrdersController],
  providers: [WorkOrdersService, WorkOrdersRepository],
  exports: [WorkOrdersService],
})
export class WorkOrdersModule {}
