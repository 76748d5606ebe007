/**
 * The sign-in API (docs: /work/briefs auth-api, built on the `auth` branch) through the SDK's
 * client. A bridge until that branch's operations are in openapi.yaml and so in the generated
 * SDK: then this file is replaced by re-exports of the generated functions of the same names.
 */
import { client } from '../api/client';

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'viewer';
  disabledAt: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}
export interface Session {
  user: User;
  expiresAt: string;
  idleExpiresAt: string;
}
export interface MySession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}
interface PasswordLink {
  setPasswordUrl: string;
  setPasswordExpiresAt: string;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Call {
  body?: unknown;
  path?: Record<string, string>;
  query?: Record<string, unknown>;
}

function call<T>(method: Method, url: string) {
  return (options: Call = {}) =>
    client[method]<{ 200: T; 201: T; 204: T }, unknown, false>({
      url,
      ...options,
      ...(options.body === undefined ? {} : { headers: { 'content-type': 'application/json' } }),
    });
}

export const signIn = (o: { body: { email: string; password: string } }) =>
  call<Session>('post', '/api/v1/session')(o);
export const getSession = () => call<Session>('get', '/api/v1/session')();
export const signOut = () => call<void>('delete', '/api/v1/session')();
export const getSetupStatus = () => call<{ needed: boolean }>('get', '/api/v1/setup')();
export const completeSetup = (o: {
  body: { token: string; email: string; name: string; password: string };
}) => call<Session>('post', '/api/v1/setup')(o);
export const setPasswordWithToken = (o: { body: { token: string; password: string } }) =>
  call<void>('post', '/api/v1/password')(o);
export const listUsers = (o: { query?: { limit?: number; cursor?: string } } = {}) =>
  call<{ data: User[]; nextCursor: string | null }>('get', '/api/v1/users')(o);
export const createUser = (o: {
  body: { email: string; name: string; role: User['role']; password?: string };
}) =>
  call<{ user: User; setPasswordUrl?: string; setPasswordExpiresAt?: string }>(
    'post',
    '/api/v1/users',
  )(o);
export const updateUser = (o: {
  path: { id: string };
  body: { name?: string; role?: User['role'] };
}) => call<User>('patch', '/api/v1/users/{id}')(o);
export const disableUser = (o: { path: { id: string } }) =>
  call<User>('post', '/api/v1/users/{id}/disable')(o);
export const enableUser = (o: { path: { id: string } }) =>
  call<User>('post', '/api/v1/users/{id}/enable')(o);
export const createPasswordLink = (o: { path: { id: string } }) =>
  call<PasswordLink>('post', '/api/v1/users/{id}/password-link')(o);
export const changeMyPassword = (o: { body: { currentPassword: string; newPassword: string } }) =>
  call<void>('put', '/api/v1/users/me/password')(o);
export const listMySessions = () =>
  call<{ data: MySession[] }>('get', '/api/v1/users/me/sessions')();
export const revokeMySession = (o: { path: { id: string } }) =>
  call<void>('delete', '/api/v1/users/me/sessions/{id}')(o);
export const revokeMyOtherSessions = () => call<void>('delete', '/api/v1/users/me/sessions')();
