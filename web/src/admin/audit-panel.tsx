import { listAuditEntries } from '@shop/customers-sdk';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError, unwrap } from '../api/problems';
import { Button } from '../design/button';
import { Alert, Loading } from '../design/feedback';
import { SelectField, TextField } from '../design/field';
import { describeAuditEntry, formatDateTime } from '../format/format';
import { useDebouncedValue } from '../customers/use-debounced-value';

type EntityType = 'customer' | 'work_order' | 'api_key' | 'import';
const TYPES = [
  { value: '', label: 'Everything' },
  { value: 'customer', label: 'Customers' },
  { value: 'work_order', label: 'Work orders' },
  { value: 'api_key', label: 'API keys' },
  { value: 'import', label: 'Imports' },
] as const;

export function AuditPanel() {
  const [entityType, setEntityType] = useState<EntityType | ''>('');
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Debounced as text: an object would be new on every render.
  const filters = JSON.parse(
    useDebouncedValue(
      JSON.stringify({ entityType, actor: actor.trim(), action: action.trim(), from, to }),
      250,
    ),
  ) as { entityType: EntityType | ''; actor: string; action: string; from: string; to: string };
  const query = {
    ...(filters.entityType ? { entityType: filters.entityType } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: new Date(`${filters.from}T00:00:00`).toISOString() } : {}),
    ...(filters.to ? { to: new Date(`${filters.to}T23:59:59.999`).toISOString() } : {}),
  };
  const entries = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) =>
      unwrap(
        listAuditEntries({
          query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = entries.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="toolbar" role="search" aria-label="Filter the audit log">
        <div className="toolbar__narrow">
          <SelectField
            label="About"
            value={entityType}
            options={TYPES}
            onChange={(e) => setEntityType(e.target.value as EntityType | '')}
          />
        </div>
        <TextField label="By (name)" value={actor} onChange={(e) => setActor(e.target.value)} />
        <TextField
          label="Action"
          hint="e.g. updated, archived"
          value={action}
          onChange={(e) => setAction(e.target.value)}
        />
        <div className="toolbar__narrow">
          <TextField
            label="From"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="toolbar__narrow">
          <TextField label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      {entries.isPending && <Loading label="Loading the audit log" />}
      {entries.isError && <Alert tone="danger">{describeError(entries.error).message}</Alert>}
      {entries.data && rows.length === 0 && <p className="muted">No entries match.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table--responsive" aria-label="Audit entries">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What happened</th>
                <th scope="col">About</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.id}>
                  <td className="cell--title" data-label="When">
                    {formatDateTime(entry.occurredAt)}
                  </td>
                  <td data-label="What happened">{describeAuditEntry(entry)}</td>
                  <td data-label="About">
                    {entry.entityType === 'customer' ? (
                      <Link to={`/customers/${entry.entityId}`}>customer</Link>
                    ) : (
                      entry.entityType.replace('_', ' ')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.hasNextPage && (
        <div className="list-more">
          <Button onClick={() => void entries.fetchNextPage()} busy={entries.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </section>
  );
}
