import { importCustomers } from '@shop/customers-sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, unwrap } from '../api/problems';
import { Button } from '../design/button';
import { Alert } from '../design/feedback';
import { Checkbox, SelectField } from '../design/field';
import { formatCount } from '../format/format';
import {
  fieldLabel,
  type HeaderColumn,
  IMPORT_FIELDS,
  type ImportField,
  missingRequired,
  parseHeaderLine,
  resolveColumns,
} from './csv-header';

const DUPLICATE_OPTIONS = [
  { value: 'skip', label: 'Skip the row (keep the existing customer)' },
  { value: 'update', label: 'Update the existing customer' },
  { value: 'error', label: 'Report the row as failed' },
] as const;

export default function ImportNewScreen() {
  const [file, setFile] = useState<File | null>(null);
  const [columns, setColumns] = useState<HeaderColumn[]>([]);
  const [mapping, setMapping] = useState<Record<string, ImportField>>({});
  const [dryRun, setDryRun] = useState(false);
  const [onDuplicate, setOnDuplicate] = useState<'skip' | 'update' | 'error'>('skip');
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const pick = async (picked: File | undefined) => {
    setFileError(null);
    setMapping({});
    if (!picked) return;
    if (!/\.(csv|txt|tsv)$/i.test(picked.name) && !picked.type.includes('csv')) {
      setFile(null);
      setColumns([]);
      setFileError(`${picked.name} does not look like a CSV file. Pick a .csv file.`);
      return;
    }
    setFile(picked);
    setColumns(resolveColumns(parseHeaderLine(await picked.slice(0, 65_536).text())));
  };

  const upload = useMutation({
    mutationFn: () =>
      unwrap(
        importCustomers({
          body: {
            dryRun,
            onDuplicate,
            ...(Object.keys(mapping).length ? { mapping: JSON.stringify(mapping) } : {}),
            file: file!,
          },
        }),
      ),
    onSuccess: async (job) => {
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
      await navigate(`/imports/${job.id}`);
    },
  });
  const problem = upload.error ? describeError(upload.error) : null;
  const unknown = columns.filter((c) => !c.known);
  const missing = file ? missingRequired(columns, mapping) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError('Pick a CSV file first.');
      input.current?.focus();
      return;
    }
    upload.mutate();
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void pick(event.dataTransfer.files[0]);
  };

  return (
    <>
      <p>
        <Link to="/imports">← Imports</Link>
      </p>
      <div className="page-head">
        <h1>Import customers from CSV</h1>
      </div>
      <form className="card stack" onSubmit={submit} noValidate>
        <div
          className="dropzone"
          data-dragging={dragging}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>
            <label htmlFor={inputId} className="field__label">
              CSV file
            </label>
          </p>
          <input
            ref={input}
            id={inputId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${inputId}-hint${fileError ? ` ${inputId}-error` : ''}`}
            aria-invalid={fileError ? true : undefined}
            onChange={(event) => void pick(event.target.files?.[0])}
          />
          <p className="field__hint" id={`${inputId}-hint`}>
            Or drop a file here. UTF-8, comma, semicolon or tab separated, with a header row
            (Company Name, Contact Name, Email, …).
          </p>
          {fileError && (
            <p className="field__error" id={`${inputId}-error`} role="alert">
              {fileError}
            </p>
          )}
          {file && (
            <p>
              <strong>{file.name}</strong> ({formatCount(Math.ceil(file.size / 1024))} KB,{' '}
              {columns.length} columns)
            </p>
          )}
        </div>

        {unknown.length > 0 && (
          <fieldset>
            <legend>Columns to map</legend>
            <p className="muted">
              These headers are not recognised. Choose the customer field each holds, or leave it
              ignored.
            </p>
            <div className="form-grid">
              {unknown.map((column) => (
                <SelectField
                  key={column.header}
                  label={`“${column.header}”`}
                  value={mapping[column.header] ?? ''}
                  options={[
                    { value: '', label: 'Ignore this column' },
                    ...IMPORT_FIELDS.map((field) => ({ value: field, label: fieldLabel(field) })),
                  ]}
                  onChange={(event) => {
                    const next = { ...mapping };
                    if (event.target.value) next[column.header] = event.target.value as ImportField;
                    else delete next[column.header];
                    setMapping(next);
                  }}
                />
              ))}
            </div>
          </fieldset>
        )}
        {missing.length > 0 && (
          <Alert tone="warning">
            <p>
              No column for: {missing.map(fieldLabel).join(', ')}. The service will refuse the file
              unless a column is mapped to {missing.length === 1 ? 'it' : 'them'}.
            </p>
          </Alert>
        )}

        <fieldset>
          <legend>Options</legend>
          <div className="stack">
            <SelectField
              label="When a row’s email already belongs to a customer"
              value={onDuplicate}
              options={DUPLICATE_OPTIONS}
              onChange={(event) => setOnDuplicate(event.target.value as typeof onDuplicate)}
            />
            <Checkbox
              label="Dry run: check the file and report, without saving customers"
              checked={dryRun}
              onChange={(event) => setDryRun(event.target.checked)}
            />
          </div>
        </fieldset>

        {problem && (
          <Alert tone="danger" title="The file was not accepted">
            <p>{problem.message}</p>
            {Object.entries(problem.fields).length > 0 && (
              <ul>
                {Object.entries(problem.fields).map(([field, message]) => (
                  <li key={field}>
                    {field}: {message}
                  </li>
                ))}
              </ul>
            )}
          </Alert>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={upload.isPending}>
            {dryRun ? 'Check the file' : 'Start import'}
          </Button>
        </div>
      </form>
    </>
  );
}
