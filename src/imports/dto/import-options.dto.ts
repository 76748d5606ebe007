import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, ValidateBy } from 'class-validator';
import { ON_DUPLICATE, type OnDuplicate } from '../customer-import.entity';
import { IMPORT_FIELDS, type ImportField } from '../import-columns';

function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

function parseJson({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Import options, as query parameters or as form fields sent before the file. */
export class ImportOptionsDto {
  /**
   * Validate and report what would happen, writing no customers.
   * @example false
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  /** What to do with a row whose email already belongs to a customer. */
  @ApiProperty({ enum: ON_DUPLICATE, required: false, default: 'skip', example: 'update' })
  @IsOptional()
  @IsIn(ON_DUPLICATE)
  onDuplicate?: OnDuplicate;

  /**
   * Explicit column mapping as JSON, header → field, for headers the built-in aliases do not
   * know. Fields: companyName, contactName, email, phone, taxExempt, tags, notes,
   * billingAddress.line1 ... shippingAddress.country.
   */
  @ApiProperty({
    type: String,
    required: false,
    // What fits in a request line (Node's 16 KiB header limit).
    maxLength: 16384,
    example: '{"Firma":"companyName","Ansprechpartner":"contactName"}',
  })
  @IsOptional()
  @Transform(parseJson)
  @IsObject({ message: 'mapping must be a JSON object of header → field' })
  @ValidateBy({
    // `@IsIn(..., { each: true })` does not look inside a plain object: check its values.
    name: 'isImportMapping',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        Object.values(value).every((field) => IMPORT_FIELDS.includes(field as ImportField)),
      defaultMessage: () => `mapping values must be one of ${IMPORT_FIELDS.join(', ')}`,
    },
  })
  mapping?: Record<string, ImportField>;
}
