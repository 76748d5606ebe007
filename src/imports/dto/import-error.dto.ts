import { ApiProperty } from '@nestjs/swagger';
import type { ImportRowError } from '../import-row-error.entity';

export class ImportErrorDto {
  /**
   * The row number a spreadsheet shows (the header is row 1).
   * @example 7
   */
  row: number;
  /** The column as uploaded; null for a problem with the whole row. */
  @ApiProperty({ type: String, nullable: true, example: 'E-mail' })
  column: string | null;
  /** The cell as uploaded. */
  @ApiProperty({ type: String, nullable: true, example: 'not-an-email' })
  value: string | null;
  /**
   * required, too_long, invalid_email, invalid_phone, ..., duplicate_in_file,
   * customer_email_taken (onDuplicate=error), customer_archived (onDuplicate=update).
   * @example "invalid_email"
   */
  code: string;
  /** @example "email must be an email" */
  message: string;

  static from(error: ImportRowError): ImportErrorDto {
    return {
      row: error.row,
      column: error.column,
      value: error.value,
      code: error.code,
      message: error.message,
    };
  }
}

export class ImportErrorPageDto {
  data: ImportErrorDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;
}
