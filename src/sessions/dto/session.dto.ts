import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../users/password-rules';
import { UserDto } from '../../users/dto/user.dto';
import { Trim } from '../../validation/trim.decorator';
import type { SessionView } from '../sessions.service';

export class SignInDto {
  /** @example "ana@bluethread.example" */
  @ApiProperty({ format: 'email', maxLength: 254 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  /** @example "embroidery machine hums" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class SessionDto {
  user: UserDto;
  /** The session ends then, however active (sign in again). */
  expiresAt: Date;
  /** The session ends then unless used before (each request moves it on). */
  idleExpiresAt: Date;

  static from(view: SessionView): SessionDto {
    return {
      user: UserDto.from(view.user),
      expiresAt: view.expiresAt,
      idleExpiresAt: view.idleExpiresAt,
    };
  }
}

export class SetupStatusDto {
  /** True while there is no user: the first admin is created through the setup link. */
  needed: boolean;
}

export class CompleteSetupDto {
  /** The token of the setup link printed at start-up. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  /** @example "owner@bluethread.example" */
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

  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class MySessionDto {
  /** @example "9b2e4c1d-7f3a-4e5b-8c6d-1a2b3c4d5e6f" */
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The browser that signed in, as it named itself. */
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X)',
  })
  userAgent: string | null;
  /** This request's own session. */
  current: boolean;
}

export class MySessionListDto {
  data: MySessionDto[];
}
