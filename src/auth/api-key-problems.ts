import { problemCatalogue } from '../problem/problem-catalogue';

/** Every problem the API keys' administration answers, thrown by its service. */
export const apiKeyProblems = problemCatalogue({
  notFound: {
    status: 404,
    code: 'api_key_not_found',
    example: 'No API key with this id.',
    occurrence: (id: string) => ({ detail: `No API key with id ${id}.` }),
  },
  lastAdminKey: {
    status: 409,
    code: 'last_admin_key',
    example: 'This is the only active admin key; create another admin key before revoking it.',
  },
});
