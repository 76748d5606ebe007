import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { present } from '../../validation/present';
import { TrimToNull } from '../../validation/trim.decorator';
import {
  IsAddress,
  IsCustomerEmail,
  IsCustomerName,
  IsPhone,
  IsTagList,
} from './customer-input.decorators';
import { AddressInputDto } from './address.dto';

/** A new customer (POST) or the full editable state of one (PUT: omitted optional fields are cleared). */
export class CreateCustomerDto {
  /** @example "The Coffee House" */
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsCustomerName()
  companyName: string;

  /** @example "John Smith" */
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsCustomerName()
  contactName: string;

  /**
   * Unique across all customers, archived ones included; compared and stored lower-cased.
   * @example "john@coffeehouse.com"
   */
  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsCustomerEmail()
  email: string;

  /**
   * As people write it; letters other than an extension marker are refused.
   * @example "555-0123"
   */
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: 40 })
  @IsOptional()
  @TrimToNull()
  @IsPhone()
  phone?: string | null;

  @IsOptional()
  @IsAddress()
  billingAddress?: AddressInputDto | null;

  @IsOptional()
  @IsAddress()
  shippingAddress?: AddressInputDto | null;

  /** @example false */
  @IsOptional()
  @IsBoolean()
  taxExempt?: boolean;

  /** @example "Prefers pickup on Fridays." */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;

  /**
   * Up to 20 tags of up to 50 characters; trimmed, duplicates dropped.
   * @example ["wholesale", "embroidery"]
   */
  @ApiProperty({
    type: [String],
    required: false,
    maxItems: 20,
    items: { type: 'string', maxLength: 50 },
  })
  @IsOptional()
  @IsTagList()
  tags?: string[];
}

/** PUT: the same fields as a creation; what is omitted is reset (optional fields cleared). */
export class ReplaceCustomerDto extends CreateCustomerDto {}

/** PATCH: only the fields sent change; send null to clear an optional field. */
export class PatchCustomerDto {
  /** @example "The Coffee House" */
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @ValidateIf(present)
  @IsCustomerName()
  companyName?: string;

  /** @example "Sarah Johnson" */
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @ValidateIf(present)
  @IsCustomerName()
  contactName?: string;

  /** @example "sarah@coffeehouse.com" */
  @ApiProperty({ format: 'email', maxLength: 254 })
  @ValidateIf(present)
  @IsCustomerEmail()
  email?: string;

  /** @example "+1 (555) 010-1234 ext. 7" */
  @ApiProperty({ type: String, nullable: true, required: false, maxLength: 40 })
  @IsOptional()
  @TrimToNull()
  @IsPhone()
  phone?: string | null;

  @IsOptional()
  @IsAddress()
  billingAddress?: AddressInputDto | null;

  @IsOptional()
  @IsAddress()
  shippingAddress?: AddressInputDto | null;

  /** @example true */
  @ValidateIf(present)
  @IsBoolean()
  taxExempt?: boolean;

  /**
   * Send null to clear.
   * @example "Wants a proof before every run."
   */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(10000)
  notes?: string | null;

  /** @example ["wholesale"] */
  @ApiProperty({
    type: [String],
    required: false,
    maxItems: 20,
    items: { type: 'string', maxLength: 50 },
  })
  @ValidateIf(present)
  @IsTagList()
  tags?: string[];
}
