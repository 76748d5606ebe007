import { customerProblems } from '../customers/customer-problems';
import { problemCatalogue } from './problem-catalogue';

describe('a problem catalogue', () => {
  const problems = problemCatalogue({
    gone: { status: 404, code: 'thing_not_found', example: 'No thing with this id.' },
    busy: {
      status: 409,
      code: 'thing_busy',
      example: 'The thing has 2 jobs.',
      occurrence: (jobs: number) => ({
        detail: `The thing has ${jobs} jobs.`,
        extensions: { jobs },
      }),
    },
  });

  it('throws the code and status the contract shows', () => {
    expect(problems.busy.example).toEqual({ code: 'thing_busy', detail: 'The thing has 2 jobs.' });
    expect(problems.busy.exception(5).problem).toEqual({
      status: 409,
      code: 'thing_busy',
      detail: 'The thing has 5 jobs.',
      extensions: { jobs: 5 },
    });
    expect(problems.busy.exception(5).getStatus()).toBe(409);
  });

  it('uses the example as the detail of a problem without occurrence details', () => {
    expect(problems.gone.exception().problem).toEqual({
      status: 404,
      code: 'thing_not_found',
      detail: 'No thing with this id.',
    });
  });

  it("keeps one module's codes distinct by name, even where a code repeats", () => {
    const codes = Object.values(customerProblems).map((p) => `${p.status} ${p.example.detail}`);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
