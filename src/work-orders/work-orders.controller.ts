import { Body, Controller, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ApiProblem, ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { CreateWorkOrderDto, PatchWorkOrderDto } from './dto/create-work-order.dto';
import { WorkOrderDto } from './dto/work-order.dto';
import { WorkOrdersService } from './work-orders.service';

@ApiTags('Work orders')
@ApiKeyProtected()
@RequiresRole('viewer')
@Controller('api/v1/work-orders')
export class WorkOrdersController {
  constructor(private readonly workOrders: WorkOrdersService) {}

  @Post()
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'createWorkOrder',
    summary: 'Create a work order for an active customer',
  })
  @ApiResponse({
    status: 201,
    type: WorkOrderDto,
    headers: { Location: { description: 'URL of the new work order', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(400)
  @ApiProblem(409, {
    code: 'customer_archived',
    detail: 'The customer is archived: restore it before giving it new work orders.',
  })
  @ApiProblem(422, { code: 'customer_not_found', detail: 'No customer with this id.' })
  @Idempotent()
  async create(
    @Body() body: CreateWorkOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderDto> {
    const order = WorkOrderDto.from(await this.workOrders.create(body));
    void reply.header('Location', `/api/v1/work-orders/${order.id}`);
    return order;
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWorkOrder', summary: 'Get a work order' })
  @ApiProblemResponses(400)
  @ApiProblem(404, { code: 'work_order_not_found', detail: 'No work order with this id.' })
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<WorkOrderDto> {
    return WorkOrderDto.from(await this.workOrders.get(id));
  }

  @Patch(':id')
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'updateWorkOrder',
    summary:
      'Change a work order; status moves only forward (pending → in_production → completed, pending or in_production → cancelled)',
  })
  @ApiProblemResponses(400)
  @ApiProblem(404, { code: 'work_order_not_found', detail: 'No work order with this id.' })
  @ApiProblem(409, {
    code: 'invalid_status_transition',
    detail: 'A completed work order cannot become pending: statuses only move forward.',
  })
  async patch(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: PatchWorkOrderDto,
  ): Promise<WorkOrderDto> {
    return WorkOrderDto.from(await this.workOrders.patch(id, body));
  }
}
