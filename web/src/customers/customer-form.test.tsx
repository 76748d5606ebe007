import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CustomerForm } from './customer-form';
import {
  type CustomerFormValues,
  emptyCustomerForm,
  type FieldErrors,
} from './customer-form-model';

function Harness({
  onSubmit,
  serverErrors = {},
}: {
  onSubmit: (v: CustomerFormValues) => void;
  serverErrors?: FieldErrors;
}) {
  const [values, setValues] = useState(emptyCustomerForm());
  const [errors, setErrors] = useState<FieldErrors>(serverErrors);
  return (
    <CustomerForm
      values={values}
      onChange={setValues}
      errors={errors}
      onErrors={setErrors}
      onSubmit={onSubmit}
      submitLabel="Create customer"
      busy={false}
      onCancel={() => undefined}
    />
  );
}

describe('<CustomerForm>', () => {
  it('shows the errors at their fields, keeps what was typed, and does not submit', async () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Company name'), 'The Coffee House');
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Create customer' }));

    expect(onSubmit).not.toHaveBeenCalled();
    const email = screen.getByLabelText('Email');
    expect(email).toHaveProperty('value', 'not-an-email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter an email address like name@example.com.').id).toBe(
      email.getAttribute('aria-describedby'),
    );
    expect(screen.getByLabelText('Contact person').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Company name')).toHaveProperty('value', 'The Coffee House');
    expect(screen.getByRole('alert').textContent).toContain('2 fields need attention');
  });

  it('submits valid values, and clears a field error once the field is edited', async () => {
    const onSubmit = vi.fn();
    render(
      <Harness
        onSubmit={onSubmit}
        serverErrors={{ email: 'Another customer already uses this email.' }}
      />,
    );
    const user = userEvent.setup();
    expect(screen.getByText('Another customer already uses this email.')).toBeTruthy();
    await user.type(screen.getByLabelText('Company name'), 'The Coffee House');
    await user.type(screen.getByLabelText('Contact person'), 'John Smith');
    await user.type(screen.getByLabelText('Email'), 'john@coffeehouse.com');
    expect(screen.queryByText('Another customer already uses this email.')).toBeNull();
    await user.type(screen.getByLabelText('Tags'), 'vip, embroidery');
    await user.click(screen.getByRole('button', { name: 'Create customer' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0][0]).toMatchObject({
      companyName: 'The Coffee House',
      tags: 'vip, embroidery',
    });
  });
});
