import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { customerProblems } from '../customers/customer-problems';
import { ApiProblem, ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { WorkOrderListQueryDto } from './dto/work-order-query.dto';
import { WorkOrderPageDto } from './dto/work-order.dto';
import { WorkOrdersService } from './work-orders.service';

/**
 * A customer's work orders, under the customer's path. Served by this module so the arrows
 * run one way: work orders depend on customers, never the reverse.
 */
@ApiTags('Customers')
@ApiKeyProtected()
@RequiresRole('viewer')
@Controller('api/v1/customers')
export class CustomerWorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @Get(':id/work-orders')
  @ApiOperation({
    operationId: 'listCustomerWorkOrders',
    summary: "A customer's work orders, newest first",
    description:
      "One customer's work orders, newest first, optionally only those in one `status`. Page with `cursor` = the previous `nextCursor`. 404 `customer_not_found`: no customer has this id.",
  })
  @ApiProblemResponses(400)
  @ApiProblem(customerProblems.notFound)
  async list(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: WorkOrderListQueryDto,
  ): Promise<WorkOrderPageDto> {
    return WorkOrderPageDto.from(
      await this.workOrders.listForCustomer(id, query.limit, query.status, query.cursor),
    );
  }
}
