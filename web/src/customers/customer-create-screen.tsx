import { createCustomer, listCustomers } from '@shop/customers-sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, ProblemError, unwrap } from '../api/problems';
import { Alert } from '../design/feedback';
import { useToast } from '../design/toast';
import { CustomerForm } from './customer-form';
import {
  type CustomerFormValues,
  emptyCustomerForm,
  type FieldErrors,
  formFieldOf,
  formToCustomerInput,
} from './customer-form-model';
import { customerKeys } from './customer-queries';

/** The customer that already has this email, to link to (archived ones included). */
async function findByEmail(email: string): Promise<{ id: string; companyName: string } | null> {
  const page = await unwrap(listCustomers({ query: { search: email, status: 'all', limit: 5 } }));
  return page.data.find((customer) => customer.email === email) ?? null;
}

export function CustomerCreateScreen() {
  const [values, setValues] = useState<CustomerFormValues>(emptyCustomerForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<React.ReactNode>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();

  const create = useMutation({
    mutationFn: (form: CustomerFormValues) =>
      unwrap(createCustomer({ body: formToCustomerInput(form) })),
    onSuccess: async (customer) => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      toast({ title: 'Customer created', description: `${customer.companyName} was added.` });
      await navigate(`/customers/${customer.id}`);
    },
    onError: async (error) => {
      const described = describeError(error);
      const fields: FieldErrors = {};
      for (const [path, message] of Object.entries(described.fields))
        fields[formFieldOf(path)] ??= message;
      if (error instanceof ProblemError && error.code === 'customer_email_taken') {
        const email = formToCustomerInput(values).email;
        fields.email = 'Another customer already uses this email.';
        const existing = await findByEmail(email).catch(() => null);
        setFormError(
          <Alert tone="danger" title="This email belongs to another customer">
            <p>
              {existing ? (
                <>
                  <Link to={`/customers/${existing.id}`}>{existing.companyName}</Link> already uses{' '}
                  {email}. Open it, or use another email.
                </>
              ) : (
                <>A customer with {email} already exists. Use another email.</>
              )}
            </p>
          </Alert>,
        );
      } else {
        setFormError(
          <Alert tone="danger" title={described.message}>
            {described.requestId && <p className="muted">Request id: {described.requestId}</p>}
          </Alert>,
        );
      }
      setErrors(fields);
    },
  });

  return (
    <>
      <div className="page-head">
        <h1>Create customer</h1>
      </div>
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
            create.mutate(form);
          }}
          submitLabel="Create customer"
          busy={create.isPending}
          formError={formError}
          onCancel={() => void navigate('/customers')}
        />
      </div>
    </>
  );
}
