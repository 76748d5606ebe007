import { Transform } from 'class-transformer';

/** Trims surrounding white space from a string input (other types pass through to validation). */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
