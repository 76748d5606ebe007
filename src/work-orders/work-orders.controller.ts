import { Body, Controller, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ApiProblem, ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { CreateWorkOrderDto, PatchWorkOrderDto } from './dto/create-work-order.dto';
import { WorkOrderDto } from './dto/work-order.dto';
import { workOrderProblems } from './work-order-problems';
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
    description:
      'Creates a pending work order for an active customer (role manager or admin). 422 `customer_not_found`: `customerId` names no customer; 409 `customer_archived`: restore the customer first. Send an `Idempotency-Key` so a retry cannot create a second order; `Location` names the new work order.',
  })
  @ApiResponse({
    status: 201,
    type: WorkOrderDto,
    headers: {
      Location: {
        description: 'URL of the new work order',
        required: true,
        schema: {
          type: 'string',
          example: '/api/v1/work-orders/c3a1f9e0-6b2d-4f1a-8e77-0d9b5a4c2e10',
        },
      },
    },
  })
  @ApiBody({
    type: CreateWorkOrderDto,
    examples: {
      withDueDate: {
        summary: 'An order due on a date',
        value: {
          customerId: '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001',
          title: '200 embroidered aprons',
          quantity: 200,
          dueDate: '2026-12-01',
        },
      },
      noDueDate: {
        summary: 'An order without a due date',
        value: {
          customerId: '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001',
          title: '50 vinyl banners',
          quantity: 50,
        },
      },
    },
  })
  @ApiProblemResponses(400)
  @ApiProblem(workOrderProblems.customerArchived)
  @ApiProblem(workOrderProblems.customerNotFound)
  @Idempotent()
  async create(
    @Body() body: CreateWorkOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkOrderDto> {
    return this.created(reply, WorkOrderDto.from(await this.workOrders.create(body)));
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getWorkOrder',
    summary: 'Get a work order',
    description:
      'One work order with its status and dates. 404 `work_order_not_found`: no work order has this id.',
  })
  @ApiProblemResponses(400)
  @ApiProblem(workOrderProblems.notFound)
  async get(@Param('id', new UuidParamPipe()) id: string): Promise<WorkOrderDto> {
    return WorkOrderDto.from(await this.workOrders.get(id));
  }

  @Patch(':id')
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'updateWorkOrder',
    summary:
      'Change a work order; status moves only forward (pending → in_production → completed, pending or in_production → cancelled)',
    description:
      'Changes only the fields sent (role manager or admin). The status moves forward only: pending → in_production → completed, and pending or in_production → cancelled; any other move is a 409 `invalid_status_transition`. A completed or cancelled order no longer blocks archiving its customer.',
  })
  @ApiBody({
    type: PatchWorkOrderDto,
    examples: {
      startProduction: { summary: 'Start production', value: { status: 'in_production' } },
      changeQuantity: {
        summary: 'More pieces, a later due date',
        value: { quantity: 250, dueDate: '2026-12-08' },
      },
      clearDueDate: { summary: 'Clear the due date', value: { dueDate: null } },
    },
  })
  @ApiProblemResponses(400)
  @ApiProblem(workOrderProblems.notFound)
  @ApiProblem(workOrderProblems.invalidStatusTransition)
  async patch(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: PatchWorkOrderDto,
  ): Promise<WorkOrderDto> {
    return WorkOrderDto.from(await this.workOrders.patch(id, body));
  }

  private created(reply: FastifyReply, order: WorkOrderDto): WorkOrderDto {
    void reply.header('Location', `/api/v1/work-orders/${order.id}`);
    return order;
  }
}
