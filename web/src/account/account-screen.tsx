import {
  changeMyPassword,
  listMySessions,
  revokeMyOtherSessions,
  revokeMySession,
} from '../session/auth-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeError, unwrap } from '../api/problems';
import { Button } from '../design/button';
import { Alert, Badge, Loading } from '../design/feedback';
import { TextField } from '../design/field';
import { useToast } from '../design/toast';
import { timeAgo } from '../format/format';
import { useSession } from '../session/session';

export default function AccountScreen() {
  const { user } = useSession();
  const toast = useToast();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => unwrap(listMySessions()) });
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const change = useMutation({
    mutationFn: () =>
      unwrap(changeMyPassword({ body: { currentPassword: current, newPassword: next } })),
    onSuccess: async () => {
      setCurrent('');
      setNext('');
      setErrors({});
      toast({ title: 'Password changed', description: 'Your other sessions were signed out.' });
      await queryClient.invalidateQueries({ queryKey: ['my-sessions'] });
    },
    onError: (error) => setErrors(describeError(error).fields),
  });
  const revokeOne = useMutation({
    mutationFn: (id: string) => unwrap(revokeMySession({ path: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-sessions'] }),
  });
  const revokeOthers = useMutation({
    mutationFn: () => unwrap(revokeMyOtherSessions()),
    onSuccess: async () => {
      toast({ title: 'Signed out everywhere else' });
      await queryClient.invalidateQueries({ queryKey: ['my-sessions'] });
    },
  });
  const problem = change.error ? describeError(change.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!current) found.currentPassword = 'Enter your current password.';
    if (next.length < 12) found.newPassword = 'Use at least 12 characters.';
    setErrors(found);
    if (Object.keys(found).length === 0) change.mutate();
  };
  return (
    <>
      <div className="page-head">
        <h1>Your account</h1>
      </div>
      <div className="grid-2">
        <section className="card" aria-labelledby="me-title">
          <h2 id="me-title">{user.name}</h2>
          <dl className="dl">
            <dt>Email</dt>
            <dd>{user.email}</dd>
            <dt>Role</dt>
            <dd>{user.role}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Change password</h2>
          {problem && !Object.keys(problem.fields).length && (
            <Alert tone="danger">{problem.message}</Alert>
          )}
          <form onSubmit={submit} noValidate className="stack">
            <input
              type="text"
              name="username"
              autoComplete="username"
              value={user.email}
              readOnly
              hidden
            />
            <TextField
              label="Current password"
              type="password"
              autoComplete="current-password"
              value={current}
              error={errors.currentPassword}
              onChange={(e) => setCurrent(e.target.value)}
            />
            <TextField
              label="New password"
              type="password"
              autoComplete="new-password"
              hint="At least 12 characters."
              value={next}
              error={errors.newPassword}
              onChange={(e) => setNext(e.target.value)}
            />
            <Button type="submit" variant="primary" busy={change.isPending}>
              Change password
            </Button>
          </form>
        </section>
      </div>
      <div className="card-gap" />
      <section className="card" aria-labelledby="sessions-title">
        <div className="page-head">
          <h2 id="sessions-title">Where you are signed in</h2>
          <Button onClick={() => revokeOthers.mutate()} busy={revokeOthers.isPending}>
            Sign out everywhere else
          </Button>
        </div>
        {sessions.isPending && <Loading label="Loading sessions" />}
        {sessions.isError && <Alert tone="danger">{describeError(sessions.error).message}</Alert>}
        <ul className="stack">
          {sessions.data?.data.map((session) => (
            <li key={session.id}>
              {session.userAgent ?? 'Unknown browser'} · active {timeAgo(session.lastSeenAt)}{' '}
              {session.current ? (
                <Badge tone="info">This browser</Badge>
              ) : (
                <Button small onClick={() => revokeOne.mutate(session.id)}>
                  Sign out
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
