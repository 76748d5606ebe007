import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto';
import { Trim } from '../../validation/trim.decorator';
import { SEARCH_MAX_LENGTH } from '../customer-rules';

export const CUSTOMER_STATUS_FILTERS = ['active', 'archived', 'all'] as const;
export type CustomerStatusFilter = (typeof CUSTOMER_STATUS_FILTERS)[number];

export const CUSTOMER_SORTS = [
  'companyName',
  '-companyName',
  'createdAt',
  '-createdAt',
  'activeOrdersCount',
  '-activeOrdersCount',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export class CustomerListQueryDto extends PageQueryDto {
  /**
   * Case-insensitive substring of company name, contact name, email or phone digits;
   * `%` and `_` are literal.
   * @example "coffee"
   */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(SEARCH_MAX_LENGTH)
  search?: string;

  @ApiProperty({ enum: CUSTOMER_STATUS_FILTERS, default: 'active', required: false })
  @IsOptional()
  @IsIn(CUSTOMER_STATUS_FILTERS)
  status: CustomerStatusFilter = 'active';

  /** A leading `-` sorts descending; ties are broken by id. */
  @ApiProperty({ enum: CUSTOMER_SORTS, default: 'companyName', required: false })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort: CustomerSort = 'companyName';
}
