import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { ApiKeyRole } from '../../request-context/request-context';
import { Trim } from '../../validation/trim.decorator';
import { PASSWORD_MAX_LENGTH } from '../password-rules';
import { USER_ROLES, type User } from '../user.entity';

/** A person (never their password or its hash). */
export class UserDto {
  /** @example "5d7c1f3a-2b4e-4c6d-8e9f-0a1b2c3d4e5f" */
  id: string;
  /** @example "ana@bluethread.example" */
  email: string;
  /** @example "Ana García" */
  name: string;
  @ApiProperty({ enum: USER_ROLES, example: 'manager' })
  role: ApiKeyRole;
  /** When the person was disabled; a disabled person cannot sign in. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  disabledAt: Date | null;
  /** @example "2026-12-01T08:00:00.000Z" */
  createdAt: Date;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-06T09:30:00.000Z',
  })
  lastSignInAt: Date | null;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      disabledAt: user.disabledAt,
      createdAt: user.createdAt,
      lastSignInAt: user.lastSignInAt,
    };
  }
}

export class UserListDto {
  data: UserDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;
}

export class CreateUserDto {
  /** Unique; compared and stored lower-cased. @example "ana@bluethread.example" */
  @ApiProperty({ format: 'email', maxLength: 254 })
  @Trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  /** @example "Ana García" */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: USER_ROLES, example: 'manager' })
  @IsIn(USER_ROLES)
  role: ApiKeyRole;

  /**
   * An initial password (12 to 256 characters). Without one, the answer carries a one-time
   * link where the person chooses it.
   */
  @ApiProperty({ required: false, minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class UpdateUserDto {
  /** @example "Ana García Ruiz" */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiProperty({ enum: USER_ROLES, required: false, example: 'admin' })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: ApiKeyRole;
}

export class PasswordLinkDto {
  /** A one-time link to set a password; shown only in this response. */
  @ApiProperty({ example: 'http://localhost:3000/set-password?token=3q2-7w...' })
  setPasswordUrl: string;
  /** @example "2026-12-09T08:00:00.000Z" */
  setPasswordExpiresAt: Date;
}

export class CreatedUserDto {
  user: UserDto;
  /** The set-password link when no password was given (shown once), else null. */
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'http://localhost:3000/set-password?token=3q2-7w...',
  })
  setPasswordUrl: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-09T08:00:00.000Z',
  })
  setPasswordExpiresAt: Date | null;
}

export class SetPasswordDto {
  /** The token of the set-password link. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
