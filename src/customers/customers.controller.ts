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
import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditPageDto, FieldChangeDto } from '../audit/dto/audit-entry.dto';
import { ApiKeyProtected, RequiresRole } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { PageQueryDto } from '../pagination/page-query.dto';
import { ApiProblem, ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import { UuidParamPipe } from '../validation/uuid-param.pipe';
import { customerProblems } from './customer-problems';
import { etagOf } from './customer-rules';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, PatchCustomerDto, ReplaceCustomerDto } from './dto/create-customer.dto';
import { CustomerListQueryDto } from './dto/customer-query.dto';
import { CustomerDetailDto, CustomerDto, CustomerPageDto } from './dto/customer.dto';

const ETAG_HEADER = {
  ETag: {
    description: 'The customer version; send it back in If-Match to edit safely.',
    required: true,
    schema: { type: 'string', example: '"3"' },
  },
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
  @ApiOperation({
    operationId: 'createCustomer',
    summary: 'Create a customer',
    description:
      'Creates an active customer (role manager or admin). The email is unique across all customers, archived ones included, and is stored lower-cased: a duplicate is a 409 `customer_email_taken`. Send an `Idempotency-Key` so a retry after a timeout cannot create a second customer; `Location` and `ETag` name the new customer and its version.',
  })
  @ApiResponse({
    status: 201,
    type: CustomerDto,
    headers: {
      Location: {
        description: 'URL of the new customer',
        required: true,
        schema: {
          type: 'string',
          example: '/api/v1/customers/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001',
        },
      },
      ...ETAG_HEADER,
    },
  })
  @ApiBody({
    type: CreateCustomerDto,
    examples: {
      minimal: {
        summary: 'The required fields only',
        value: {
          companyName: 'The Coffee House',
          contactName: 'John Smith',
          email: 'john@coffeehouse.com',
        },
      },
      full: {
        summary: 'Every field',
        value: {
          companyName: 'Riverside Dental',
          contactName: 'Maria Garcia',
          email: 'maria@riversidedental.com',
          phone: '+1 (555) 010-1234 ext. 7',
          billingAddress: {
            line1: '12 Bean Street',
            line2: 'Unit 4',
            city: 'Portland',
            region: 'OR',
            postalCode: '97201',
            country: 'US',
          },
          taxExempt: false,
          notes: 'Logo files are on the shared drive.',
          tags: ['embroidery', 'repeat'],
        },
      },
    },
  })
  @ApiProblemResponses(400)
  @ApiProblem(customerProblems.emailTaken)
  @Idempotent()
  async create(
    @Body() body: CreateCustomerDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.created(reply, CustomerDto.from(await this.customers.create(body)));
  }

  @Get()
  @ApiOperation({
    operationId: 'listCustomers',
    summary: 'List and search customers (keyset-paginated, with order counts)',
    description:
      "Active customers by default (`status=archived` or `all` for the others), ordered by `sort`, `limit` per page. To page, pass each response's `nextCursor` as `cursor` with the same other parameters until it is null (a tampered cursor is a 400). `search` matches company name, contact name, email or phone digits, case-insensitively; each row carries its active and total work-order counts.",
  })
  @ApiProblemResponses(400, 503)
  async list(@Query() query: CustomerListQueryDto): Promise<CustomerPageDto> {
    return CustomerPageDto.from(await this.customers.list(query));
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getCustomer',
    summary: 'A customer with its counts, 10 latest work orders and 10 latest activity entries',
    description:
      'The customer (archived ones too) with its work-order counts, its 10 latest work orders and its 10 latest audit entries; the full lists are under `/work-orders` and `/activity`. The `ETag` is its version: send it back as `If-Match` when editing. 404 `customer_not_found`: no customer has this id.',
  })
  @ApiResponse({ status: 200, type: CustomerDetailDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400)
  @ApiProblem(customerProblems.notFound)
  async get(
    @Param('id', new UuidParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDetailDto> {
    return this.withEtag(reply, CustomerDetailDto.fromDetail(await this.customers.detail(id)));
  }

  @Put(':id')
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'replaceCustomer',
    summary: 'Replace all editable fields of a customer',
    description:
      'Replaces every editable field (role manager or admin): optional fields left out are cleared. Send the `ETag` you read as `If-Match` and the edit is refused with 412 `precondition_failed` if someone changed the customer meanwhile. 409 `customer_archived`: restore it first; 409 `customer_email_taken`: another customer has that email.',
  })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400, 412)
  @ApiProblem(customerProblems.notFound)
  @ApiProblem(customerProblems.archivedNoEdit)
  @ApiProblem(customerProblems.emailTaken)
  async replace(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: ReplaceCustomerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, CustomerDto.from(await this.customers.replace(id, body, ifMatch)));
  }

  @Patch(':id')
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'updateCustomer',
    summary: 'Change some fields of a customer',
    description:
      'Changes only the fields sent (role manager or admin); send `null` to clear an optional field. Send the `ETag` you read as `If-Match` and the edit is refused with 412 `precondition_failed` if someone changed the customer meanwhile. 409 `customer_archived`: restore it first; 409 `customer_email_taken`: another customer has that email.',
  })
  @ApiBody({
    type: PatchCustomerDto,
    examples: {
      newContact: {
        summary: 'A new contact person and email',
        value: { contactName: 'Sarah Johnson', email: 'sarah@coffeehouse.com' },
      },
      clearPhone: {
        summary: 'Clear optional fields with null',
        value: { phone: null, notes: null },
      },
      taxExempt: { summary: 'Mark tax exempt', value: { taxExempt: true } },
    },
  })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400, 412)
  @ApiProblem(customerProblems.notFound)
  @ApiProblem(customerProblems.archivedNoEdit)
  @ApiProblem(customerProblems.emailTaken)
  async patch(
    @Param('id', new UuidParamPipe()) id: string,
    @Body() body: PatchCustomerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, CustomerDto.from(await this.customers.patch(id, body, ifMatch)));
  }

  @Delete(':id')
  @HttpCode(200)
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'archiveCustomer',
    summary: 'Archive a customer (refused while it has active work orders)',
    description:
      'Archives the customer (role manager or admin): it leaves the default list and cannot be edited or given work orders until restored; nothing is deleted. Refused with 409 `customer_has_active_orders` (the count is in `activeOrdersCount`) while it has pending or in-production work orders. Archiving an archived customer returns it unchanged.',
  })
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400)
  @ApiProblem(customerProblems.notFound)
  @ApiProblem(customerProblems.hasActiveOrders)
  async archive(
    @Param('id', new UuidParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, CustomerDto.from(await this.customers.archive(id)));
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequiresRole('manager')
  @ApiOperation({
    operationId: 'restoreCustomer',
    summary: 'Bring an archived customer back',
    description:
      'Makes an archived customer active again (role manager or admin), with its data and history intact. Restoring an active customer returns it unchanged. 404 `customer_not_found`: no customer has this id.',
  })
  @ApiResponse({ status: 200, type: CustomerDto, headers: ETAG_HEADER })
  @ApiProblemResponses(400)
  @ApiProblem(customerProblems.notFound)
  async restore(
    @Param('id', new UuidParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    return this.withEtag(reply, CustomerDto.from(await this.customers.restore(id)));
  }

  @Get(':id/activity')
  @ApiOperation({
    operationId: 'listCustomerActivity',
    summary: "A customer's audit entries, newest first",
    description:
      'Every audit entry of one customer (created, updated, archived, restored, imported), newest first, with the fields that changed. Page with `cursor` = the previous `nextCursor`. 404 `customer_not_found`: no customer has this id.',
  })
  @ApiProblemResponses(400)
  @ApiProblem(customerProblems.notFound)
  async activity(
    @Param('id', new UuidParamPipe()) id: string,
    @Query() query: PageQueryDto,
  ): Promise<AuditPageDto> {
    return AuditPageDto.from(await this.customers.activity(id, query.limit, query.cursor));
  }

  private created(reply: FastifyReply, customer: CustomerDto): CustomerDto {
    void reply.header('Location', `/api/v1/customers/${customer.id}`);
    return this.withEtag(reply, customer);
  }

  private withEtag<T extends CustomerDto>(reply: FastifyReply, customer: T): T {
    void reply.header('ETag', etagOf(customer.version));
    return customer;
  }
}
