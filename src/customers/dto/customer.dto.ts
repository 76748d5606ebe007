import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { AuditEntryDto } from '../../audit/dto/audit-entry.dto';
import { WorkOrderDto } from '../../work-orders/dto/work-order.dto';
import { type Address, CUSTOMER_STATUSES, Customer, type CustomerStatus } from '../customer.entity';
import type { CustomerDetail, CustomerPage, CustomerSummary } from '../customer-views';
import { AddressDto } from './address.dto';

function addressDto(address: Address | null): AddressDto | null {
  if (!address) return null;
  return {
    line1: address.line1 ?? null,
    line2: address.line2 ?? null,
    city: address.city ?? null,
    region: address.region ?? null,
    postalCode: address.postalCode ?? null,
    country: address.country ?? null,
  };
}

/** A row of the customer list. */
export class CustomerSummaryDto {
  /** @example "7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001" */
  id: string;
  /** @example "The Coffee House" */
  companyName: string;
  /** @example "John Smith" */
  contactName: string;
  /** @example "john@coffeehouse.com" */
  email: string;
  @ApiProperty({ type: String, nullable: true, example: '555-0123' })
  phone: string | null;
  @ApiProperty({ enum: CUSTOMER_STATUSES, example: 'active' })
  status: CustomerStatus;
  /** Pending and in-production work orders. @example 2 */
  activeOrdersCount: number;
  /** @example 14 */
  totalOrdersCount: number;
  /** @example "2026-11-22T08:00:00.000Z" */
  createdAt: Date;

  static from(customer: CustomerSummary): CustomerSummaryDto {
    return {
      id: customer.id,
      companyName: customer.companyName,
      contactName: customer.contactName,
      email: customer.email,
      phone: customer.phone,
      status: customer.status,
      activeOrdersCount: customer.activeOrdersCount,
      totalOrdersCount: customer.totalOrdersCount,
      createdAt: customer.createdAt,
    };
  }
}

// oneOf, not the plugin's `allOf` + `type: object`, which a strict validator reads as "never null".
const NULLABLE_ADDRESS = { oneOf: [{ $ref: getSchemaPath(AddressDto) }], nullable: true };

@ApiExtraModels(AddressDto)
export class CustomerDto extends CustomerSummaryDto {
  @ApiProperty({
    ...NULLABLE_ADDRESS,
    example: {
      line1: '12 Bean Street',
      line2: null,
      city: 'Portland',
      region: 'OR',
      postalCode: '97201',
      country: 'US',
    },
  })
  billingAddress: AddressDto | null;
  @ApiProperty({ ...NULLABLE_ADDRESS, example: null })
  shippingAddress: AddressDto | null;
  /** @example false */
  taxExempt: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Prefers pickup on Fridays.' })
  notes: string | null;
  /** @example ["wholesale", "embroidery"] */
  tags: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  archivedAt: Date | null;
  /** @example "2026-11-22T08:00:00.000Z" */
  updatedAt: Date;
  /** Changes on every edit; sent as the ETag, to be echoed in If-Match. @example 1 */
  version: number;

  static override from(customer: Customer): CustomerDto {
    return {
      ...CustomerSummaryDto.from(customer),
      billingAddress: addressDto(customer.billingAddress),
      shippingAddress: addressDto(customer.shippingAddress),
      taxExempt: customer.taxExempt,
      notes: customer.notes,
      tags: customer.tags,
      archivedAt: customer.archivedAt,
      updatedAt: customer.updatedAt,
      version: customer.version,
    };
  }
}

export class CustomerDetailDto extends CustomerDto {
  /** Its 10 most recent work orders, newest first. */
  recentWorkOrders: WorkOrderDto[];
  /** Its 10 most recent audit entries, newest first. */
  recentActivity: AuditEntryDto[];

  /** Not `from`: the inherited `from` maps a bare customer. */
  static fromDetail(detail: CustomerDetail): CustomerDetailDto {
    return {
      ...CustomerDto.from(detail.customer),
      recentWorkOrders: detail.recentWorkOrders.map((order) => WorkOrderDto.from(order)),
      recentActivity: detail.recentActivity.map((entry) => AuditEntryDto.from(entry)),
    };
  }
}

export class CustomerPageDto {
  data: CustomerSummaryDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;
  /** Matching customers: exact when `totalExact`, otherwise the planner's estimate. @example 1 */
  total: number;
  /** @example true */
  totalExact: boolean;

  static from(page: CustomerPage): CustomerPageDto {
    return {
      data: page.data.map((customer) => CustomerSummaryDto.from(customer)),
      nextCursor: page.nextCursor,
      total: page.total,
      totalExact: page.totalExact,
    };
  }
}
