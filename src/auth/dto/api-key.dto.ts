import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_ROLES, ApiKey } from '../api-key.entity';
import type { ApiKeyRole } from '../../request-context/request-context';

export class ApiKeyDto {
  /** @example "0b6f3c1e-8f7a-4b8e-9a43-2f1f6d1b7c55" */
  id: string;
  /** @example "shop-floor-tablet" */
  name: string;
  @ApiProperty({ enum: API_KEY_ROLES, example: 'manager' })
  role: ApiKeyRole;
  /**
   * The first characters of the key, to recognise it.
   * @example "csk_Q2xhc3N5"
   */
  keyPrefix: string;
  /** @example "2026-11-22T08:00:00.000Z" */
  createdAt: Date;
  /** When the key was revoked; revoked keys are refused. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt: Date | null;

  static from(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      role: key.role,
      keyPrefix: key.keyPrefix,
      createdAt: key.createdAt,
      revokedAt: key.revokedAt,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /**
   * The API key. It is shown only in this response: store it now.
   * @example "csk_Q2xhc3N5IGtleSBleGFtcGxlIG9ubHkgMTIzNDU2Nzg"
   */
  key: string;
}

export class ApiKeyListDto {
  data: ApiKeyDto[];
}
