import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../validation/trim.decorator';
import { API_KEY_ROLES } from '../api-key.entity';
import type { ApiKeyRole } from '../../request-context/request-context';

export class CreateApiKeyDto {
  /**
   * A name that says who or what uses the key; recorded in the audit trail.
   * @example "shop-floor-tablet"
   */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /**
   * admin: everything incl. imports and key management; manager: customers and work orders; viewer: read only.
   * @example "manager"
   */
  @ApiProperty({ enum: API_KEY_ROLES })
  @IsIn(API_KEY_ROLES)
  role: ApiKeyRole;
}
