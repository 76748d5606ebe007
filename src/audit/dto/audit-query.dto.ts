import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto';
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from '../audit-entry.entity';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: AuditEntityType;

  /**
   * Id of the customer, work order, import or API key the entries are about.
   * @example "7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001"
   */
  @IsOptional()
  @IsUUID()
  entityId?: string;

  /**
   * Id of the API key that acted.
   * @example "0b6f3c1e-8f7a-4b8e-9a43-2f1f6d1b7c55"
   */
  @IsOptional()
  @IsUUID()
  actor?: string;

  /** @example "updated" */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  /**
   * Entries at or after this instant (ISO 8601).
   * @example "2026-11-01T00:00:00Z"
   */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /**
   * Entries before this instant (ISO 8601).
   * @example "2026-12-01T00:00:00Z"
   */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
