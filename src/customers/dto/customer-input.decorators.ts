import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import {
  normaliseEmail,
  normaliseTags,
  PHONE_MAX_LENGTH,
  phoneProblem,
  TAG_MAX_LENGTH,
  TAGS_MAX,
} from '../customer-rules';
import { AddressInputDto } from './address.dto';

export const IsCustomerName = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim() : value,
    ),
    IsString(),
    IsNotEmpty(),
    MaxLength(200),
    // The swagger plugin does not see inside composite decorators: state the limits for the contract.
    ApiProperty({ minLength: 1, maxLength: 200 }),
  );

export const IsCustomerEmail = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? normaliseEmail(value) : value,
    ),
    IsString(),
    MaxLength(254),
    IsEmail({}, { message: 'email must be a valid email address' }),
    ApiProperty({ format: 'email', maxLength: 254 }),
  );

/** Free text as people write phone numbers; see `phoneProblem`. */
export function IsPhone(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    ApiProperty({ maxLength: PHONE_MAX_LENGTH })(target, propertyName);
    registerDecorator({
      name: 'isPhone',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && phoneProblem(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? (phoneProblem(args.value) ?? 'phone is invalid')
            : 'phone must be a string',
      },
    });
  };
}

export const IsAddress = (): PropertyDecorator =>
  applyDecorators(
    IsObject(),
    ValidateNested(),
    Type(() => AddressInputDto),
  );

export const IsTagList = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      Array.isArray(value) && value.every((tag) => typeof tag === 'string')
        ? normaliseTags(value)
        : value,
    ),
    IsArray(),
    ArrayMaxSize(TAGS_MAX),
    IsString({ each: true }),
    MaxLength(TAG_MAX_LENGTH, { each: true }),
    ApiProperty({ maxItems: TAGS_MAX, items: { type: 'string', maxLength: TAG_MAX_LENGTH } }),
  );
