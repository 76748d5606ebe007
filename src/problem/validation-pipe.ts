import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem.exception';

/** Flattens class-validator's tree into `{ field: 'billingAddress.city', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'unknown field $1'),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * The fields (dotted paths) whose string value, or key, contains a NUL character. PostgreSQL
 * cannot store NUL in text (SQLSTATE 22021), so such input is refused before it gets that far.
 */
export function fieldsWithNul(value: unknown, path = '', found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path || 'body');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) =>
      fieldsWithNul(item, path ? `${path}.${index}` : `${index}`, found),
    );
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) found.push(field.replaceAll('\u0000', '\\u0000'));
      else fieldsWithNul(item, field, found);
    }
  }
  return found;
}

/** Refuses NUL characters anywhere in the input, then validates it against its DTO. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // `@Body()` names fields by their path in the body; `@Param('id')`, `@Query('q')` by name.
    const withNul = fieldsWithNul(value, metadata.data ?? '');
    if (withNul.length > 0) {
      throw ProblemException.validation(
        withNul.map((field) => ({ field, message: `${field} must not contain a NUL character` })),
      );
    }
    return super.transform(value, metadata);
  }
}

/** Strict input: unknown fields are refused, values are transformed to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}
