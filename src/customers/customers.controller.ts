import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditPageDto, AuditEntryDto, FieldChangeDto } from '../audit/dto/audit-entry.dto';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { ApiProblem, ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { WorkOrderListQueryDto } from '../work-orders/dto/create-work-order.dto';
import { WorkOrderDto, WorkOrderPageDto } from '../work-orders/dto/work-order.dto';
import { etagOf } from './customer-rules';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, PatchCustomerDto, ReplaceCustomerDto } from './dto/create-customer.dto';
import { CustomerListQueryDto } from './dto/customer-query.dto';
import {
  CustomerDetailDto,
  CustomerDto,
  CustomerPageDto,
  CustomerSummaryDto,
} from './dto/customer.dto';

const ETAG_HEADER = {
  ETag: {
    description: 'The customer version; send it back in If-Match to edit safely.',
    schema: { type: 'string', example: '"3"' },
  },
};
const NOT_FOUND = { code: 'customer_not_found', detail: 'No customer with this id.' };
const ARCHIVED = {
  code: 'customer_archived',
  detail: 'The customer is archived: restore it before editing it.',
};
const EMAIL_TAKEN = {
  code: 'customer_email_taken',
  detail: 'A customer with this email already exists (archived customers included).',
};
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag you read; if the customer changed since, the edit is refused with 412.',
  schema: { type: 'string', maxLength: 64, example: '"3"' },
};

@ApiTags('Customers')
@ApiExtraModels(FieldChangeDto)
@ApiKeyProtected()
@RequiresRole('viewer')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @RequiresRole('manager')
  @ApiOperation({ operationId: 'createCustomer', summary: 'Create a customer' })
  @ApiResponse({
    status: 201,
    type: CustomerDto,
    headers: {
      Location: { description: 'URL of the new customer', schema: { type: 'string' } },
      ...ETAG_HEADER,
    },
  })
  @ApiProblemResponses(400)
  @ApiProblem(409, EMAIL_TAKEN)
  @Idempotent()
  async create(
    @Body() body: CreateCustomerDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    const customer = await this.customers.create(body);
    void reply
      .header('Location', `/api/v1/customers/${customer.id}`)
      .header('ETag', etagOf(customer.version));
    return CustomerDto.from(customer);
  }

  @Get()
  @ApiOperation({
    operationId: 'listCustomers',
    summary: 'List and search customers (keyset-paginated, with order counts)',
  })
  @ApiProblemResponses(400, 503)
  async list(@Query() query: CustomerListQueryDto): Promise<CustomerPageDto> {
    const page = await this.customers.list(query);
    return { ...page, data: page.data.map((customer) => CustomerSummaryDto.from(customer)) };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCustomer',
    summary: 'A customer with its counts, 10 latest work orders and 10 latest activity entries',
  })
  @ApiResponse({ status: 200, type: CustomerDetailDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400)
  @ApiProblem(404, NOT_FOUND)
  async get(
    @Param('id', new UuidParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDetailDto> {
    const { customer, recentWorkOrders, recentActivity } = await this.customers.detail(id);
    void reply.header('ETag', etagOf(customer.version));
    return {
      ...CustomerDto.from(customer),
      recentWorkOrders: recentWorkOrders.map((order) => WorkOrderDto.from(order)),
      recentActivity: recentActivity.map((entry) => AuditEntryDto.from(entry)),
    };
  }

  @Put(':id')
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'replaceCustomer',
    summary: 'Replace all editable fields of a customer',
  })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400, 412)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, ARCHIVED)
  @ApiProblem(409, EMAIL_TAKEN)
  async replace(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: ReplaceCustomerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, await this.customers.replace(id, body, ifMatch));
  }

  @Patch(':id')
  @RequiresRole('manager')
  @ApiOperation({ operationId: 'updateCustomer', summary: 'Change some fields of a customer' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400, 412)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, ARCHIVED)
  @ApiProblem(409, EMAIL_TAKEN)
  async patch(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: PatchCustomerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, await this.customers.patch(id, body, ifMatch));
  }

  @Delete(':id')
  @HttpCode(200)
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'archiveCustomer',
    summary: 'Archive a customer (refused while it has active work orders)',
  })
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400)
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, {
    code: 'customer_has_active_orders',
    detail:
      'The customer has 2 active work order(s); complete or cancel them before archiving. The count is in `activeOrdersCount`.',
  })
  async archive(
    @Param('id', new UuidParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, await this.customers.archive(id));
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequiresRole('manager')
  @ApiOperation({ operationId: 'restoreCustomer', summary: 'Bring an archived customer back' })
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400)
  @ApiProblem(404, NOT_FOUND)
  async restore(
    @Param('id', new UuidParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, await this.customers.restore(id));
  }

  @Get(':id/activity')
  @ApiOperation({
    operationId: 'listCustomerActivity',
    summary: "A customer's audit entries, newest first",
  })
  @ApiProblemResponses(400)
  @ApiProblem(404, NOT_FOUND)
  async activity(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: PageQueryDto,
  ): Promise<AuditPageDto> {
    const page = await this.customers.activity(id, query.limit, query.cursor);
    return {
      data: page.data.map((entry) => AuditEntryDto.from(entry)),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id/work-orders')
  @ApiOperation({
    operationId: 'listCustomerWorkOrders',
    summary: "A customer's work orders, newest first",
  })
  @ApiProblemResponses(400)
  @ApiProblem(404, NOT_FOUND)
  async workOrders(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: WorkOrderListQueryDto,
  ): Promise<WorkOrderPageDto> {
    const page = await this.customers.workOrdersOf(id, query.limit, query.status, query.cursor);
    return {
      data: page.data.map((order) => WorkOrderDto.from(order)),
      nextCursor: page.nextCursor,
    };
  }

  private withEtag(
    reply: FastifyReply,
    customer: Parameters<typeof CustomerDto.from>[0],
  ): CustomerDto {
    void reply.header('ETag', etagOf(customer.version));
    return CustomerDto.from(customer);
  }
}
