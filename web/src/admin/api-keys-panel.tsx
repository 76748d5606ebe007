import {
  createApiKey,
  type CreatedApiKeyDto,
  listApiKeys,
  revokeApiKey,
} from '@shop/customers-sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeError, unwrap } from '../api/problems';
import { Button } from '../design/button';
import { ConfirmDialog, Dialog, DialogClose } from '../design/dialog';
import { Alert, Badge, Loading } from '../design/feedback';
import { SelectField, TextField } from '../design/field';
import { useToast } from '../design/toast';
import { formatDateTime } from '../format/format';

export const ROLE_OPTIONS = [
  { value: 'viewer', label: 'Viewer (read only)' },
  { value: 'manager', label: 'Manager (customers and work orders)' },
  { value: 'admin', label: 'Admin (everything)' },
] as const;
type Role = (typeof ROLE_OPTIONS)[number]['value'];

export function ApiKeysPanel() {
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(listApiKeys()) });
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const create = useMutation({
    mutationFn: () => unwrap(createApiKey({ body: { name: name.trim(), role } })),
    onSuccess: async (key) => {
      setCreated(key);
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(revokeApiKey({ path: { id } })),
    onSuccess: async () => {
      toast({ title: `Key ${revoking?.name ?? ''} revoked` });
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) =>
      toast({ title: 'Not revoked', description: describeError(error).message, tone: 'danger' }),
  });
  const problem = create.error ? describeError(create.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };

  return (
    <section aria-labelledby="keys-title">
      <div className="page-head">
        <h2 id="keys-title">API keys</h2>
        <Button
          variant="primary"
          onClick={() => {
            setCreated(null);
            create.reset();
            setOpen(true);
          }}
        >
          Create API key
        </Button>
      </div>
      <p className="muted">
        For other programs (a web shop, a script). People sign in with their own account instead.
      </p>
      {keys.isPending && <Loading label="Loading API keys" />}
      {keys.isError && <Alert tone="danger">{describeError(keys.error).message}</Alert>}
      {keys.data && (
        <div className="table-wrap">
          <table className="table table--responsive" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Key starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((key) => (
                <tr key={key.id}>
                  <td className="cell--title" data-label="Name">
                    {key.name}
                  </td>
                  <td data-label="Role">{key.role}</td>
                  <td className="mono" data-label="Key starts with">
                    {key.keyPrefix}…
                  </td>
                  <td data-label="Created">{formatDateTime(key.createdAt)}</td>
                  <td data-label="Status">
                    {key.revokedAt ? <Badge>Revoked</Badge> : <Badge tone="success">Active</Badge>}
                  </td>
                  <td data-label="Actions" className="cell--actions">
                    {!key.revokedAt && (
                      <Button
                        small
                        variant="danger"
                        aria-label={`Revoke ${key.name}`}
                        onClick={() => setRevoking({ id: key.id, name: key.name })}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={created ? 'Your new API key' : 'Create API key'}
      >
        {created ? (
          <div className="stack">
            <Alert tone="warning">
              <p>Copy it now: it is shown only this once.</p>
            </Alert>
            <code className="secret" aria-label="API key">
              {created.key}
            </code>
            <div className="dialog__actions">
              <Button
                onClick={() =>
                  void navigator.clipboard
                    ?.writeText(created.key)
                    .then(() => toast({ title: 'Copied' }))
                }
              >
                Copy
              </Button>
              <DialogClose asChild>
                <Button variant="primary">Done</Button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} noValidate className="stack">
            {problem && <Alert tone="danger">{problem.message}</Alert>}
            <TextField
              label="Name"
              name="name"
              hint="Who or what uses it, e.g. “Web shop sync”"
              required
              value={name}
              error={problem?.fields.name}
              onChange={(e) => setName(e.target.value)}
            />
            <SelectField
              label="Role"
              value={role}
              options={ROLE_OPTIONS}
              onChange={(e) => setRole(e.target.value as Role)}
            />
            <div className="dialog__actions">
              <DialogClose asChild>
                <Button>Cancel</Button>
              </DialogClose>
              <Button type="submit" variant="primary" busy={create.isPending}>
                Create key
              </Button>
            </div>
          </form>
        )}
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(next) => !next && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? ''}?`}
        description="Programs using this key stop working at once. This cannot be undone."
        confirmLabel="Revoke key"
        danger
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      />
    </section>
  );
}
