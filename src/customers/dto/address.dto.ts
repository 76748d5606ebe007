import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { TrimToNull } from '../../validation/trim.decorator';

/** A postal address; every part optional, blank parts are stored as null. */
export class AddressInputDto {
  /** @example "12 Bean Street" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(200)
  line1?: string | null;

  /** @example "Unit 4" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(200)
  line2?: string | null;

  /** @example "Portland" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  /** State, province or county. @example "OR" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(100)
  region?: string | null;

  /** @example "97201" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(20)
  postalCode?: string | null;

  /** @example "US" */
  @IsOptional()
  @TrimToNull()
  @IsString()
  @MaxLength(100)
  country?: string | null;
}

export class AddressDto {
  @ApiProperty({ type: String, nullable: true, example: '12 Bean Street' })
  line1: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  line2: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Portland' })
  city: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'OR' })
  region: string | null;
  @ApiProperty({ type: String, nullable: true, example: '97201' })
  postalCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'US' })
  country: string | null;
}
