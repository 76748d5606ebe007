import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ENTITY_TYPES, type AuditEntityType, AuditEntry } from '../audit-entry.entity';
import type { Page } from '../../pagination/page';

export class AuditActorDto {
  /** Who made the change: an API key, a signed-in person, or the system itself. */
  @ApiProperty({ enum: ['api_key', 'user', 'system'], example: 'user' })
  type: 'api_key' | 'user' | 'system';
  /**
   * The API key that made the change (null for a person or the system).
   * @example "0b6f3c1e-8f7a-4b8e-9a43-2f1f6d1b7c55"
   */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  keyId: string | null;
  /**
   * The person who made the change (null for an API key or the system).
   * @example "5d7c1f3a-2b4e-4c6d-8e9f-0a1b2c3d4e5f"
   */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId: string | null;
  /**
   * The key's or the person's name at the time.
   * @example "Ana García"
   */
  name: string;
}

/** A changed value is any JSON value (text, number, boolean, list, object) or null. */
const ANY_JSON_VALUE = {
  oneOf: [
    { type: 'string', nullable: true },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object' },
  ],
};

export class FieldChangeDto {
  @ApiProperty({ ...ANY_JSON_VALUE, description: 'Value before the change', example: 'John Smith' })
  from: unknown;
  @ApiProperty({
    ...ANY_JSON_VALUE,
    description: 'Value after the change',
    example: 'Sarah Johnson',
  })
  to: unknown;
}

export class AuditEntryDto {
  /** @example "2f7a3c55-1d1e-4a57-9a0b-4a6c1f1f2b10" */
  id: string;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES, example: 'customer' })
  entityType: AuditEntityType;
  /** @example "7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001" */
  entityId: string;
  /**
   * created, updated, archived, restored, imported, or a work-order status change
   * (status_in_production, status_completed, status_cancelled).
   * @example "updated"
   */
  action: string;
  /** For updates: only the fields that changed. */
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: { $ref: '#/components/schemas/FieldChangeDto' },
    example: { contactName: { from: 'John Smith', to: 'Sarah Johnson' } },
  })
  changes: Record<string, FieldChangeDto> | null;
  actor: AuditActorDto;
  /** @example "5f0c6f3e-2b1d-4a7e-9a51-0f1c3b0c9d11" */
  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, example: null })
  metadata: Record<string, unknown> | null;
  /** @example "2026-11-22T08:00:00.000Z" */
  occurredAt: Date;

  static from(entry: AuditEntry): AuditEntryDto {
    return {
      id: entry.id,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      changes: entry.changes,
      actor: {
        type: entry.actorType,
        keyId: entry.actorKeyId,
        userId: entry.actorUserId,
        name: entry.actorName,
      },
      requestId: entry.requestId,
      metadata: entry.metadata,
      occurredAt: entry.occurredAt,
    };
  }
}

export class AuditPageDto {
  data: AuditEntryDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;

  static from(page: Page<AuditEntry>): AuditPageDto {
    return {
      data: page.data.map((entry) => AuditEntryDto.from(entry)),
      nextCursor: page.nextCursor,
    };
  }
}
