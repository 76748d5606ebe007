import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { CreateCustomerDto } from '../customers/dto/create-customer.dto';

export interface FieldProblem {
  /** Dotted path into the customer (`billingAddress.postalCode`). */
  field: string;
  code: string;
  message: string;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Stable codes: `required`, `too_long`, else `invalid_<field>` (invalid_email, invalid_phone...). */
function problemCode(constraint: string, field: string): string {
  if (constraint === 'isNotEmpty' || constraint === 'isDefined') return 'required';
  if (constraint === 'maxLength' || constraint === 'arrayMaxSize') return 'too_long';
  const leaf =
    field
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? field;
  return `invalid_${snake(leaf)}`;
}

function valueAt(input: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      input,
    );
}

/** One problem per field: "required" when the cell was empty, else its most specific failure. */
function flatten(
  errors: ValidationError[],
  input: Record<string, unknown>,
  parent = '',
): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const own: FieldProblem[] = [];
    if (constraints.length > 0) {
      const missing =
        valueAt(input, field) === undefined ||
        constraints.some(([name]) => name === 'isNotEmpty' || name === 'isDefined');
      if (missing) {
        own.push({ field, code: 'required', message: `${field} is required` });
      } else {
        const specific = constraints.filter(([name]) => name !== 'isString');
        const [name, message] = specific[0] ?? constraints[0];
        own.push({ field, code: problemCode(name, field), message });
      }
    }
    return [...own, ...flatten(error.children ?? [], input, field)];
  });
}

/**
 * A row checked with exactly the rules of POST /customers: the same DTO, the same transforms
 * (trimming, normalisation), the same whitelist. Returns the DTO or every problem found.
 * Synchronous: the DTO has no async rule, and a promise per rule is a measurable part of an
 * import's CPU (each one also runs the async-context hooks).
 */
export function validateCustomerInput(
  input: Record<string, unknown>,
): { customer: CreateCustomerDto; problems: [] } | { customer: null; problems: FieldProblem[] } {
  const customer = plainToInstance(CreateCustomerDto, input, {
    enableImplicitConversion: false,
  });
  const errors = validateSync(customer, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length === 0) return { customer, problems: [] };
  return { customer: null, problems: flatten(errors, input) };
}
