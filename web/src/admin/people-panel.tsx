import {
  createPasswordLink,
  createUser,
  disableUser,
  enableUser,
  listUsers,
  updateUser,
} from '../session/auth-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeError, unwrap } from '../api/problems';
import { Button } from '../design/button';
import { ConfirmDialog, Dialog, DialogClose } from '../design/dialog';
import { Alert, Badge, Loading } from '../design/feedback';
import { SelectField, TextField } from '../design/field';
import { useToast } from '../design/toast';
import { formatDateTime, timeAgo } from '../format/format';
import { useSession } from '../session/session';
import { ROLE_OPTIONS } from './api-keys-panel';

type Role = 'admin' | 'manager' | 'viewer';
type User = NonNullable<Awaited<ReturnType<typeof listUsers>>['data']>['data'][number];

/** A one-time link, shown once, as an absolute URL to hand over. */
function LinkShownOnce({ url, expiresAt }: { url: string; expiresAt?: string }) {
  const toast = useToast();
  const absolute = new URL(url, window.location.origin).toString();
  return (
    <div className="stack">
      <Alert tone="warning">
        <p>
          Send this link to them now: it is shown only once
          {expiresAt ? ` and works until ${formatDateTime(expiresAt)}` : ''}.
        </p>
      </Alert>
      <code className="secret" aria-label="Set-password link">
        {absolute}
      </code>
      <Button
        onClick={() =>
          void navigator.clipboard?.writeText(absolute).then(() => toast({ title: 'Link copied' }))
        }
      >
        Copy link
      </Button>
    </div>
  );
}

export function PeoplePanel() {
  const me = useSession().user;
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => unwrap(listUsers({ query: { limit: 100 } })),
  });
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });

  const [inviteOpen, setInviteOpen] = useState(false);
  const [invite, setInvite] = useState({ name: '', email: '', role: 'viewer' as Role });
  const [inviteLink, setInviteLink] = useState<{ url: string; expiresAt?: string } | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);
  const [resetLink, setResetLink] = useState<{ user: User; url: string; expiresAt: string } | null>(
    null,
  );

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        createUser({
          body: { name: invite.name.trim(), email: invite.email.trim(), role: invite.role },
        }),
      ),
    onSuccess: async (result) => {
      await refresh();
      setInvite({ name: '', email: '', role: 'viewer' });
      if (result.setPasswordUrl)
        setInviteLink({
          url: result.setPasswordUrl,
          expiresAt: result.setPasswordExpiresAt ?? undefined,
        });
      else setInviteOpen(false);
      toast({ title: `${result.user.name} was invited` });
    },
  });
  const changeRole = useMutation({
    mutationFn: ({ user, role }: { user: User; role: Role }) =>
      unwrap(updateUser({ path: { id: user.id }, body: { role } })),
    onSuccess: async (user) => {
      await refresh();
      toast({ title: `${user.name} is now ${user.role}` });
    },
    onError: async (error) => {
      await refresh();
      toast({
        title: 'Role not changed',
        description: describeError(error).message,
        tone: 'danger',
      });
    },
  });
  const disable = useMutation({
    mutationFn: (user: User) => unwrap(disableUser({ path: { id: user.id } })),
    onSuccess: async (user) => {
      setDisabling(null);
      await refresh();
      toast({ title: `${user.name} can no longer sign in` });
    },
    onError: (error) => {
      setDisabling(null);
      toast({ title: 'Not disabled', description: describeError(error).message, tone: 'danger' });
    },
  });
  const enable = useMutation({
    mutationFn: (user: User) => unwrap(enableUser({ path: { id: user.id } })),
    onSuccess: async (user) => {
      await refresh();
      toast({ title: `${user.name} can sign in again` });
    },
  });
  const reset = useMutation({
    mutationFn: (user: User) =>
      unwrap(createPasswordLink({ path: { id: user.id } })).then((link) => ({ user, ...link })),
    onSuccess: (link) =>
      setResetLink({
        user: link.user,
        url: link.setPasswordUrl,
        expiresAt: link.setPasswordExpiresAt,
      }),
    onError: (error) =>
      toast({
        title: 'No link created',
        description: describeError(error).message,
        tone: 'danger',
      }),
  });
  const problem = create.error ? describeError(create.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <section aria-labelledby="people-title">
      <div className="page-head">
        <h2 id="people-title">People</h2>
        <Button
          variant="primary"
          onClick={() => {
            setInviteLink(null);
            create.reset();
            setInviteOpen(true);
          }}
        >
          Invite someone
        </Button>
      </div>
      {users.isPending && <Loading label="Loading people" />}
      {users.isError && <Alert tone="danger">{describeError(users.error).message}</Alert>}
      {users.data && (
        <div className="table-wrap">
          <table className="table table--responsive" aria-label="People">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((user) => (
                <tr key={user.id}>
                  <td className="cell--title" data-label="Name">
                    {user.name} {user.id === me.id && <Badge tone="info">You</Badge>}{' '}
                    {user.disabledAt && <Badge>Disabled</Badge>}
                  </td>
                  <td data-label="Email">{user.email}</td>
                  <td data-label="Role">
                    <select
                      className="select"
                      aria-label={`Role of ${user.name}`}
                      value={user.role}
                      disabled={Boolean(user.disabledAt) || changeRole.isPending}
                      onChange={(event) =>
                        changeRole.mutate({ user, role: event.target.value as Role })
                      }
                    >
                      {ROLE_OPTIONS.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.value}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-label="Last sign-in">
                    {user.lastSignInAt ? (
                      timeAgo(user.lastSignInAt)
                    ) : (
                      <span className="muted">Never</span>
                    )}
                  </td>
                  <td data-label="Actions" className="cell--actions">
                    <div className="actions">
                      <Button
                        small
                        aria-label={`Create a password reset link for ${user.name}`}
                        onClick={() => reset.mutate(user)}
                      >
                        Reset link
                      </Button>
                      {user.disabledAt ? (
                        <Button
                          small
                          onClick={() => enable.mutate(user)}
                          aria-label={`Enable ${user.name}`}
                        >
                          Enable
                        </Button>
                      ) : (
                        user.id !== me.id && (
                          <Button
                            small
                            variant="danger"
                            onClick={() => setDisabling(user)}
                            aria-label={`Disable ${user.name}`}
                          >
                            Disable
                          </Button>
                        )
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={inviteOpen}
        onOpenChange={setInviteOpen}
        title={inviteLink ? 'Invitation link' : 'Invite someone'}
      >
        {inviteLink ? (
          <>
            <LinkShownOnce url={inviteLink.url} expiresAt={inviteLink.expiresAt} />
            <div className="dialog__actions">
              <DialogClose asChild>
                <Button variant="primary">Done</Button>
              </DialogClose>
            </div>
          </>
        ) : (
          <form onSubmit={submit} noValidate className="stack">
            {problem && <Alert tone="danger">{problem.message}</Alert>}
            <TextField
              label="Name"
              name="name"
              required
              value={invite.name}
              error={problem?.fields.name}
              onChange={(e) => setInvite({ ...invite, name: e.target.value })}
            />
            <TextField
              label="Email"
              name="email"
              type="email"
              required
              value={invite.email}
              error={
                problem?.fields.email ??
                (problem?.code === 'user_email_taken' ? problem.message : undefined)
              }
              onChange={(e) => setInvite({ ...invite, email: e.target.value })}
            />
            <SelectField
              label="Role"
              value={invite.role}
              options={ROLE_OPTIONS}
              onChange={(e) => setInvite({ ...invite, role: e.target.value as Role })}
            />
            <p className="muted">They get a one-time link to choose their password.</p>
            <div className="dialog__actions">
              <DialogClose asChild>
                <Button>Cancel</Button>
              </DialogClose>
              <Button type="submit" variant="primary" busy={create.isPending}>
                Invite
              </Button>
            </div>
          </form>
        )}
      </Dialog>
      <Dialog
        open={resetLink !== null}
        onOpenChange={(open) => !open && setResetLink(null)}
        title={`Password reset link for ${resetLink?.user.name ?? ''}`}
      >
        {resetLink && <LinkShownOnce url={resetLink.url} expiresAt={resetLink.expiresAt} />}
        <div className="dialog__actions">
          <DialogClose asChild>
            <Button variant="primary">Done</Button>
          </DialogClose>
        </div>
      </Dialog>
      <ConfirmDialog
        open={disabling !== null}
        onOpenChange={(open) => !open && setDisabling(null)}
        title={`Disable ${disabling?.name ?? ''}?`}
        description="They are signed out everywhere and cannot sign in until enabled again."
        confirmLabel="Disable"
        danger
        busy={disable.isPending}
        onConfirm={() => disabling && disable.mutate(disabling)}
      />
    </section>
  );
}
