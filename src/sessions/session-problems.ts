import { problemCatalogue } from '../problem/problem-catalogue';

const INVALID_CREDENTIALS = 'The email or the password is not right.';

/** Every problem signing in and sessions answer, thrown by the sessions service and controller. */
export const sessionProblems = problemCatalogue({
  invalidCredentials: {
    status: 401,
    code: 'invalid_credentials',
    example: INVALID_CREDENTIALS,
    occurrence: () => ({
      detail: INVALID_CREDENTIALS,
      errors: [{ field: 'password', message: INVALID_CREDENTIALS }],
      headers: { 'www-authenticate': 'Cookie realm="shop customers"' },
    }),
  },
  notSignedIn: {
    status: 401,
    code: 'not_signed_in',
    example: 'Nobody is signed in on this request (API keys have no session).',
  },
  notFound: {
    status: 404,
    code: 'session_not_found',
    example: 'You have no session with this id.',
    occurrence: (id: string) => ({ detail: `You have no session with the id ${id}.` }),
  },
  noSessions: {
    status: 403,
    code: 'not_a_person',
    example: 'Only a signed-in person has sessions.',
  },
  tooManySignInAttempts: {
    status: 429,
    code: 'too_many_sign_in_attempts',
    example: 'Too many failed sign-ins. Wait for the Retry-After delay, then try again.',
    occurrence: (blockedMs: number) => ({
      detail: 'Too many failed sign-ins. Wait for the Retry-After delay, then try again.',
      headers: { 'retry-after': String(Math.max(1, Math.ceil(blockedMs / 1000))) },
    }),
  },
  crossSite: {
    status: 403,
    code: 'csrf_rejected',
    example: 'This request came from another site and was refused.',
  },
});
