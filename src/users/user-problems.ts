import { problemCatalogue } from '../problem/problem-catalogue';

/** Every problem the people module answers (besides validation), thrown by its service. */
export const userProblems = problemCatalogue({
  notFound: {
    status: 404,
    code: 'user_not_found',
    example: 'No user has this id.',
    occurrence: (id: string) => ({ detail: `No user has the id ${id}.` }),
  },
  setupTokenInvalid: {
    status: 400,
    code: 'setup_token_invalid',
    example:
      'This setup link was already used or has expired. Restart the service for a new one, or sign in.',
  },
  passwordTokenInvalid: {
    status: 400,
    code: 'password_token_invalid',
    example: 'This link was already used or has expired. Ask an administrator for a new one.',
  },
  noPasswordToChange: {
    status: 403,
    code: 'not_a_person',
    example: 'Only a signed-in person has a password to change.',
  },
  emailTaken: {
    status: 409,
    code: 'user_email_taken',
    example: 'A person with this email already exists.',
    occurrence: (email: string) => {
      const detail = `A person with the email ${email} already exists.`;
      return { detail, errors: [{ field: 'email', message: detail }] };
    },
  },
  lastAdmin: {
    status: 409,
    code: 'last_admin',
    example:
      'Ana is the last active admin and cannot be disabled: make someone else an admin first.',
    occurrence: (name: string, what: string) => ({
      detail: `${name} is the last active admin and cannot be ${what}: make someone else an admin first.`,
    }),
  },
});
