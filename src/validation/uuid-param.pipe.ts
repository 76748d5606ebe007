import type { PipeTransform } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';
import { UUID } from './uuid';

/**
 * A path id that is not a UUID is a 400 naming the parameter, never a 404 or a 500.
 * Use as `@Param('id', new UuidParamPipe())`.
 */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value)) {
      throw ProblemException.validation([
        { field: this.field, message: `${this.field} must be a UUID` },
      ]);
    }
    return value.toLowerCase();
  }
}
