import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Cursor pagination query: `limit` rows after `cursor` (the previous page's `nextCursor`). */
export class PageQueryDto {
  /**
   * Rows per page.
   * @example 25
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  /**
   * The `nextCursor` of the previous page, passed back unchanged; omit for the first page.
   * @example "WyJUaGUgQ29mZmVlIEhvdXNlIiwiN2IxZDhhNTItM2Y1Ny00YzU3LThkNWUtNmExYzQzZDBjMDAxIl0"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}
