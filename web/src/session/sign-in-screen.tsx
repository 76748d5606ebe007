import { completeSetup, getSetupStatus, setPasswordWithToken, signIn } from './auth-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { describeError, unwrap } from '../api/problems';
import { Button } from '../design/button';
import { Alert, Loading } from '../design/feedback';
import { TextField } from '../design/field';
import { ThemeToggle } from '../layout/app-shell-theme';
import { safeNext, SESSION_KEY, useSessionQuery } from './session';

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-page" id="main">
      <div className="card auth-card">
        <div className="page-head">
          <p className="brand">
            <img src="/favicon.svg" alt="" /> Shop customers
          </p>
          <ThemeToggle />
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function SignInScreen() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSessionQuery();
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: () => unwrap(getSetupStatus()),
    staleTime: 60_000,
  });

  const submit = useMutation({
    mutationFn: () => unwrap(signIn({ body: { email: email.trim(), password } })),
    onSuccess: async (signedIn) => {
      queryClient.setQueryData(SESSION_KEY, signedIn);
      await navigate(next, { replace: true });
    },
  });
  const problem = submit.error ? describeError(submit.error) : null;

  if (session.data && !submit.isPending && !submit.isSuccess) return <Navigate to={next} replace />;
  if (setup.data?.needed) return <Navigate to="/setup" replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!email.trim()) found.email = 'Enter your email address.';
    if (!password) found.password = 'Enter your password.';
    setErrors(found);
    if (Object.keys(found).length === 0) submit.mutate();
  };

  return (
    <AuthCard title="Sign in">
      {expired && !problem && (
        <Alert tone="warning">
          <p>Your session has ended. Sign in again to continue where you were.</p>
        </Alert>
      )}
      {problem && <Alert tone="danger">{problem.message}</Alert>}
      <form onSubmit={onSubmit} noValidate className="stack">
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          error={errors.email ?? problem?.fields.email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.password ?? problem?.fields.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="primary" busy={submit.isPending}>
          {submit.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="muted">Forgot your password? Ask an admin for a reset link.</p>
    </AuthCard>
  );
}

export function SetupScreen() {
  const [params] = useSearchParams();
  const [values, setValues] = useState({
    token: params.get('token') ?? '',
    name: '',
    email: '',
    password: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => unwrap(getSetupStatus()) });
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        completeSetup({
          body: { ...values, email: values.email.trim(), name: values.name.trim() },
        }),
      ),
    onSuccess: async (session) => {
      queryClient.setQueryData(SESSION_KEY, session);
      queryClient.setQueryData(['setup'], { needed: false });
      await navigate('/customers', { replace: true });
    },
    onError: (error) => setErrors(describeError(error).fields),
  });
  const problem = submit.error ? describeError(submit.error) : null;
  if (setup.isPending) return <Loading label="Checking set-up" />;
  if (setup.data && !setup.data.needed && !submit.isSuccess)
    return (
      <AuthCard title="Already set up">
        <p>This service already has its first admin.</p>
        <Link to="/sign-in">Sign in</Link>
      </AuthCard>
    );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!values.token.trim()) found.token = 'Paste the set-up token printed by the service.';
    if (!values.name.trim()) found.name = 'Enter your name.';
    if (!values.email.trim()) found.email = 'Enter your email address.';
    if (values.password.length < 12) found.password = 'Use at least 12 characters.';
    setErrors(found);
    if (Object.keys(found).length === 0) submit.mutate();
  };
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues({ ...values, [key]: e.target.value });
  return (
    <AuthCard title="Create the first admin">
      <p className="muted">This account can invite everyone else.</p>
      {problem && <Alert tone="danger">{problem.message}</Alert>}
      <form onSubmit={onSubmit} noValidate className="stack">
        {!params.get('token') && (
          <TextField
            label="Set-up token"
            name="token"
            value={values.token}
            error={errors.token}
            onChange={set('token')}
            hint="Printed by the service when it started."
          />
        )}
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          value={values.name}
          error={errors.name}
          onChange={set('name')}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          value={values.email}
          error={errors.email}
          onChange={set('email')}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          value={values.password}
          error={errors.password}
          onChange={set('password')}
        />
        <Button type="submit" variant="primary" busy={submit.isPending}>
          Create admin and sign in
        </Button>
      </form>
    </AuthCard>
  );
}

export function SetPasswordScreen() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = useMutation({
    mutationFn: () => unwrap(setPasswordWithToken({ body: { token, password } })),
    onError: (e) => setError(describeError(e).fields.password),
  });
  const problem = submit.error ? describeError(submit.error) : null;
  if (submit.isSuccess)
    return (
      <AuthCard title="Password set">
        <Alert tone="success">
          <p>Your password is set.</p>
        </Alert>
        <Link to="/sign-in">Sign in</Link>
      </AuthCard>
    );
  return (
    <AuthCard title="Choose your password">
      {problem && <Alert tone="danger">{problem.message}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (password.length < 12) setError('Use at least 12 characters.');
          else submit.mutate();
        }}
        noValidate
        className="stack"
      >
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          value={password}
          error={error}
          onChange={(e) => {
            setPassword(e.target.value);
            setError(undefined);
          }}
        />
        <Button type="submit" variant="primary" busy={submit.isPending}>
          Set password
        </Button>
      </form>
    </AuthCard>
  );
}
