/**
 * For `@ValidateIf(present)` on PATCH fields: a field left out is skipped, one sent (null
 * included) is validated.
 */
export const present = (_: object, value: unknown): boolean => value !== undefined;
