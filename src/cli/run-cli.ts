import { ConfigError } from '../config/app-config';
import { errorToProblem } from '../problem/error-to-problem';

/** What went wrong, as the API would say it (its stable code and detail), never raw SQL. */
export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const problem = errorToProblem(error);
  if (!problem.serverFault) return `${problem.code}: ${problem.detail}`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs a command-line tool's main and exits with its code (1 and the reason on a failure). */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describeFailure(error));
      process.exit(1);
    },
  );
}
