import { type FormEvent, type ReactNode, useRef } from 'react';
import { Button } from '../design/button';
import { Alert } from '../design/feedback';
import { Checkbox, TextArea, TextField } from '../design/field';
import {
  ADDRESS_FIELDS,
  ADDRESS_LABELS,
  type AddressField,
  type CustomerFormValues,
  type FieldErrors,
  validateCustomerForm,
} from './customer-form-model';

export interface CustomerFormProps {
  values: CustomerFormValues;
  onChange: (values: CustomerFormValues) => void;
  errors: FieldErrors;
  onErrors: (errors: FieldErrors) => void;
  /** Called with valid values only. */
  onSubmit: (values: CustomerFormValues) => void;
  submitLabel: string;
  busy: boolean;
  /** A message above the form (the server's answer), with any links. */
  formError?: ReactNode;
  onCancel: () => void;
}

/**
 * The customer form (create and edit). Controlled: the caller owns the values, so nothing typed
 * is lost on any error. Errors are shown at their fields; on submit, focus goes to the first.
 */
export function CustomerForm({
  values,
  onChange,
  errors,
  onErrors,
  onSubmit,
  submitLabel,
  busy,
  formError,
  onCancel,
}: CustomerFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const set = <K extends keyof CustomerFormValues>(key: K, value: CustomerFormValues[K]) => {
    onChange({ ...values, [key]: value });
    if (errors[key]) {
      const { [key]: _cleared, ...rest } = errors;
      onErrors(rest);
    }
  };
  const setAddress = (
    kind: 'billingAddress' | 'shippingAddress',
    field: AddressField,
    value: string,
  ) => {
    onChange({ ...values, [kind]: { ...values[kind], [field]: value } });
    const path = `${kind}.${field}`;
    if (errors[path]) {
      const { [path]: _cleared, ...rest } = errors;
      onErrors(rest);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateCustomerForm(values);
    onErrors(found);
    if (Object.keys(found).length > 0) {
      // After React has rendered the messages: focus the first field in error.
      requestAnimationFrame(() =>
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    onSubmit(values);
  };

  const errorCount = Object.keys(errors).length;

  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      aria-describedby={formError || errorCount ? 'form-problem' : undefined}
    >
      <div id="form-problem">
        {formError ??
          (errorCount > 0 && (
            <Alert
              tone="danger"
              title={`${errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} attention`}
            />
          ))}
      </div>
      <div className="stack">
        <fieldset>
          <legend>Contact</legend>
          <div className="form-grid">
            <TextField
              label="Company name"
              name="companyName"
              required
              maxLength={200}
              autoComplete="organization"
              value={values.companyName}
              error={errors.companyName}
              onChange={(e) => set('companyName', e.target.value)}
            />
            <TextField
              label="Contact person"
              name="contactName"
              required
              maxLength={200}
              autoComplete="name"
              value={values.contactName}
              error={errors.contactName}
              onChange={(e) => set('contactName', e.target.value)}
            />
            <TextField
              label="Email"
              name="email"
              type="email"
              required
              maxLength={254}
              autoComplete="email"
              value={values.email}
              error={errors.email}
              onChange={(e) => set('email', e.target.value)}
            />
            <TextField
              label="Phone"
              name="phone"
              type="tel"
              maxLength={40}
              autoComplete="tel"
              hint="Optional, e.g. 555-0123 ext. 7"
              value={values.phone}
              error={errors.phone}
              onChange={(e) => set('phone', e.target.value)}
            />
          </div>
        </fieldset>
        <div className="grid-2">
          {(['billingAddress', 'shippingAddress'] as const).map((kind) => (
            <fieldset key={kind}>
              <legend>{kind === 'billingAddress' ? 'Billing address' : 'Shipping address'}</legend>
              <div className="form-grid">
                {ADDRESS_FIELDS.map((field) => (
                  <TextField
                    key={field}
                    label={ADDRESS_LABELS[field]}
                    name={`${kind}.${field}`}
                    value={values[kind][field]}
                    error={errors[`${kind}.${field}`]}
                    onChange={(e) => setAddress(kind, field, e.target.value)}
                  />
                ))}
              </div>
            </fieldset>
          ))}
        </div>
        <fieldset>
          <legend>More</legend>
          <div className="stack">
            <TextField
              label="Tags"
              name="tags"
              hint="Separate with commas, e.g. embroidery, wholesale"
              value={values.tags}
              error={errors.tags}
              onChange={(e) => set('tags', e.target.value)}
            />
            <Checkbox
              label="Tax exempt"
              name="taxExempt"
              checked={values.taxExempt}
              onChange={(e) => set('taxExempt', e.target.checked)}
            />
            <TextArea
              label="Notes"
              name="notes"
              maxLength={10000}
              value={values.notes}
              error={errors.notes}
              onChange={(e) => set('notes', e.target.value)}
            />
          </div>
        </fieldset>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
