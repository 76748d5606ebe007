import { getCustomer, type PatchCustomerDto, updateCustomer } from '@shop/customers-sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError, ProblemError, unwrap } from '../api/problems';
import { Button, ButtonLink } from '../design/button';
import { Alert, EmptyState, Loading } from '../design/feedback';
import { useToast } from '../design/toast';
import { CustomerForm } from './customer-form';
import {
  type CustomerFormValues,
  customerToForm,
  type FieldErrors,
  formFieldOf,
  formToCustomerInput,
} from './customer-form-model';
import { customerKeys, useCustomer } from './customer-queries';
import { collisions, differences, type FieldDifference, reapply } from './edit-conflict';

/** Only the fields this person changed, so an untouched field is never written. */
function patchOf(base: CustomerFormValues, mine: CustomerFormValues): PatchCustomerDto {
  const input = formToCustomerInput(mine);
  const patch: PatchCustomerDto = {};
  const changed = new Set(differences(base, mine).map((d) => d.field.split('.')[0]));
  for (const key of changed)
    (patch as Record<string, unknown>)[key] = input[key as keyof typeof input];
  return patch;
}

interface Conflict {
  theirs: FieldDifference[];
  both: string[];
  latest: CustomerFormValues;
  latestEtag: string;
}

function ChangeList({ changes }: { changes: FieldDifference[] }) {
  return (
    <ul>
      {changes.map((change) => (
        <li key={change.field}>
          <strong>{change.label}</strong>: {change.from || '(empty)'} → {change.to || '(empty)'}
        </li>
      ))}
    </ul>
  );
}

export function CustomerEditScreen() {
  const { id = '' } = useParams();
  const query = useCustomer(id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();

  // What the edit started from (and its ETag), and what the person has typed.
  const [base, setBase] = useState<{ values: CustomerFormValues; etag: string } | null>(null);
  const [values, setValues] = useState<CustomerFormValues | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<ReactNode>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  useEffect(() => {
    if (query.data && !base) {
      const start = customerToForm(query.data.customer);
      setBase({ values: start, etag: query.data.etag });
      setValues(start);
    }
  }, [query.data, base]);

  const save = useMutation({
    mutationFn: async (mine: CustomerFormValues) => {
      if (!base) throw new Error('not loaded');
      return unwrap(
        updateCustomer({
          path: { id },
          body: patchOf(base.values, mine),
          headers: { 'If-Match': base.etag },
        }),
      );
    },
    onSuccess: async (customer) => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      toast({ title: 'Changes saved', description: `${customer.companyName} was updated.` });
      await navigate(`/customers/${id}`);
    },
    onError: async (error, mine) => {
      if (error instanceof ProblemError && error.code === 'precondition_failed' && base) {
        const result = await getCustomer({ path: { id } });
        const latestCustomer = await unwrap(result);
        const latest = customerToForm(latestCustomer);
        setConflict({
          theirs: differences(base.values, latest),
          both: collisions(base.values, mine, latest),
          latest,
          latestEtag: result.response.headers.get('etag') ?? `"${latestCustomer.version}"`,
        });
        setFormError(null);
        return;
      }
      const described = describeError(error);
      const fields: FieldErrors = {};
      for (const [path, message] of Object.entries(described.fields))
        fields[formFieldOf(path)] ??= message;
      if (error instanceof ProblemError && error.code === 'customer_email_taken')
        fields.email = described.message;
      setErrors(fields);
      setFormError(<Alert tone="danger" title={described.message} />);
    },
  });

  if (query.isPending || (query.data && !values))
    return <Loading label="Loading the customer" lines={8} />;
  if (query.isError || !values || !base) {
    return (
      <EmptyState
        title="Customer not found"
        actions={<ButtonLink to="/customers">Back to customers</ButtonLink>}
      >
        {query.error ? describeError(query.error).message : ''}
      </EmptyState>
    );
  }
  const name = query.data?.customer.companyName ?? '';
  const mine = differences(base.values, values);

  return (
    <>
      <p>
        <Link to={`/customers/${id}`}>← {name}</Link>
      </p>
      <div className="page-head">
        <h1>Edit {name}</h1>
      </div>
      {conflict && (
        <section className="alert alert--warning" aria-labelledby="conflict-title" role="alert">
          <h2 id="conflict-title">Someone else saved this customer first</h2>
          {conflict.theirs.length > 0 ? (
            <>
              <p>While you were editing, they changed:</p>
              <ChangeList changes={conflict.theirs} />
            </>
          ) : (
            <p>Their save changed nothing you can see here.</p>
          )}
          <p>Your changes:</p>
          {mine.length ? <ChangeList changes={mine} /> : <p>None.</p>}
          {conflict.both.length > 0 && (
            <p>
              <strong>
                You both changed{' '}
                {conflict.both.length === 1 ? 'one field' : `${conflict.both.length} fields`}
              </strong>
              : applying yours replaces theirs there.
            </p>
          )}
          <div className="actions">
            <Button
              variant="primary"
              onClick={() => {
                setValues(reapply(base.values, values, conflict.latest));
                setBase({ values: conflict.latest, etag: conflict.latestEtag });
                setConflict(null);
                toast({
                  title: 'Your changes are applied to the latest version',
                  description: 'Review them and save again.',
                });
              }}
            >
              Apply my changes to the latest version
            </Button>
            <Button
              onClick={() => {
                setValues(conflict.latest);
                setBase({ values: conflict.latest, etag: conflict.latestEtag });
                setConflict(null);
              }}
            >
              Discard my changes
            </Button>
          </div>
        </section>
      )}
      <div className="card">
        <CustomerForm
          values={values}
          onChange={setValues}
          errors={errors}
          onErrors={(next) => {
            setErrors(next);
            if (Object.keys(next).length === 0) setFormError(null);
          }}
          onSubmit={(form) => {
            setFormError(null);
            if (conflict) return;
            save.mutate(form);
          }}
          submitLabel="Save changes"
          busy={save.isPending}
          formError={formError}
          onCancel={() => void navigate(`/customers/${id}`)}
        />
      </div>
    </>
  );
}
