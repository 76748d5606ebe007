import type { ProblemExample } from './api-problem-responses.decorator';
import { type FieldError, ProblemException } from './problem.exception';

/** What one occurrence adds to the problem's code and status. */
export interface ProblemOccurrence {
  detail: string;
  extensions?: Record<string, unknown>;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

interface ProblemDefinition<A extends unknown[]> {
  status: number;
  code: string;
  /** The contract's example of the problem: the detail a client would read, without ids. */
  example: string;
  /** The problem as one occurrence reports it; without it, the example is the detail. */
  occurrence?: (...args: A) => ProblemOccurrence;
}

/**
 * One problem a module can answer. Its service throws `exception(...)`; its controller shows
 * it in the contract with `@ApiProblem(problem)`: the code and the sentence live here once.
 */
export interface CataloguedProblem<A extends unknown[] = unknown[]> {
  readonly status: number;
  readonly code: string;
  readonly example: ProblemExample;
  exception(...args: A): ProblemException;
}

type Catalogue<D> = {
  readonly [K in keyof D]: D[K] extends ProblemDefinition<infer A> ? CataloguedProblem<A> : never;
};

/** A module's problems, by name (one code may be two problems, with two sentences). */
export function problemCatalogue<const D extends Record<string, ProblemDefinition<never>>>(
  definitions: D,
): Catalogue<D> {
  const entries = Object.entries(definitions).map(([name, definition]) => {
    const { status, code, example, occurrence } = definition as ProblemDefinition<unknown[]>;
    const problem: CataloguedProblem = {
      status,
      code,
      example: { code, detail: example },
      exception: (...args) =>
        new ProblemException({
          status,
          code,
          ...(occurrence ? occurrence(...args) : { detail: example }),
        }),
    };
    return [name, problem] as const;
  });
  return Object.fromEntries(entries) as Catalogue<D>;
}
