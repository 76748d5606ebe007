import { ApiProperty } from '@nestjs/swagger';

import {
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { present } from '../../validation/present';
import { Trim } from '../../validation/trim.decorator';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../work-order.entity';

export class CreateWorkOrderDto {
  /** An existing, active customer. @example "7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001" */
  @IsUUID()
  customerId: string;

  /** @example "200 embroidered aprons" */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  /** @example 200 */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;

  /** A calendar date. @example "2026-12-01" */
  @ApiProperty({ type: String, format: 'date', nullable: true, required: false })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  @MaxLength(10, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  dueDate?: string | null;
}

/** Only the fields sent change. Status moves forward only (see the operation). */
export class PatchWorkOrderDto {
  /** @example "250 embroidered aprons" */
  @ValidateIf(present)
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  /** @example 250 */
  @ValidateIf(present)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity?: number;

  /** A calendar date; send null to clear. @example "2026-12-08" */
  @ApiProperty({ type: String, format: 'date', nullable: true, required: false })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  @MaxLength(10, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  dueDate?: string | null;

  @ApiProperty({ enum: WORK_ORDER_STATUSES, required: false, example: 'in_production' })
  @ValidateIf(present)
  @IsIn(WORK_ORDER_STATUSES)
  status?: WorkOrderStatus;
}
