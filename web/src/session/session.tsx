/**
 * Who is signed in. The session lives in an HttpOnly cookie the app never sees; GET /session
 * tells who it belongs to. A 401 from any other call means it ended: the person is sent to
 * sign in and comes back to where they were.
 */
import { getSession, signOut } from './auth-api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { onSessionLost } from '../api/client';
import { ProblemError, unwrap } from '../api/problems';
import { Loading } from '../design/feedback';

export type Session = NonNullable<Awaited<ReturnType<typeof getSession>>['data']>;
export type Role = 'admin' | 'manager' | 'viewer';

export const SESSION_KEY = ['session'] as const;

/** The session, or null when nobody is signed in. */
export async function fetchSession(): Promise<Session | null> {
  try {
    return await unwrap(getSession());
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) return null;
    throw error;
  }
}

export function useSessionQuery() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: 60_000,
    retry: false,
  });
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in person (only under <RequireSession>). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <RequireSession>');
  return session;
}

export function useRole(): { role: Role; canWrite: boolean; isAdmin: boolean } {
  const role = useSession().user.role;
  return { role, canWrite: role === 'admin' || role === 'manager', isAdmin: role === 'admin' };
}

/** Where to come back to after signing in: a path of this app, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/customers';
}

export function signInPath(
  location: { pathname: string; search: string },
  expired = false,
): string {
  const params = new URLSearchParams({ next: location.pathname + location.search });
  if (expired) params.set('expired', '1');
  return `/sign-in?${params.toString()}`;
}

/** Renders its children for a signed-in person; otherwise sends them to sign in. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  const location = useLocation();
  const queryClient = useQueryClient();
  // Set when a call came back 401 while signed in: the sign-in screen then says the session
  // ended. One redirect (below) for both cases, so the two cannot race.
  const [lost, setLost] = useState(false);

  useEffect(
    () =>
      onSessionLost(() => {
        setLost(true);
        queryClient.setQueryData(SESSION_KEY, null);
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
      }),
    [queryClient],
  );

  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.isError) throw session.error;
  if (!session.data) return <Navigate to={signInPath(location, lost)} replace />;
  return <SessionContext.Provider value={session.data}>{children}</SessionContext.Provider>;
}

export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await signOut();
    queryClient.clear();
    queryClient.setQueryData(SESSION_KEY, null);
    await navigate('/sign-in', { replace: true });
  };
}
