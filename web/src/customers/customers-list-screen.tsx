import { exportCustomers } from '@shop/customers-sdk';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { describeError, unwrap } from '../api/problems';
import { Button, ButtonLink } from '../design/button';
import { Alert, Badge, EmptyState, Loading } from '../design/feedback';
import { SelectField, TextField } from '../design/field';
import { useToast } from '../design/toast';
import { formatCount } from '../format/format';
import { useRole } from '../session/session';
import { useCustomerList } from './customer-queries';
import {
  type ListParams,
  readListParams,
  SEARCH_MAX_LENGTH,
  type SortKey,
  sortDirection,
  type StatusFilter,
  toggleSort,
  writeListParams,
} from './list-params';
import { useSearchTerm } from './use-search-term';

// Short: the measured "last keystroke → rows" includes it (target p95 <= 150 ms); stale answers
// cannot overwrite newer ones anyway (each term is its own query, and superseded ones are aborted).
const SEARCH_DEBOUNCE_MS = 60;

const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
] as const;

const SORT_OPTIONS = [
  { value: 'companyName', label: 'Company name A–Z' },
  { value: '-companyName', label: 'Company name Z–A' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-activeOrdersCount', label: 'Most active orders' },
  { value: 'activeOrdersCount', label: 'Fewest active orders' },
] as const;

function SortHeader({
  label,
  column,
  sort,
  onSort,
  numeric,
}: {
  label: string;
  column: 'companyName' | 'activeOrdersCount';
  sort: SortKey;
  onSort: (sort: SortKey) => void;
  numeric?: boolean;
}) {
  const direction = sortDirection(sort, column);
  return (
    <th scope="col" aria-sort={direction} className={numeric ? 'num' : undefined}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(toggleSort(sort, column))}
      >
        {label}
        <span aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * Where the window was scrolled on each history entry of the list. The virtualiser scrolls to
 * its initial offset when it mounts (after the router's scroll restoration), so on
 * back-navigation it must start from the entry's own offset to land where the person left.
 */
const scrollByHistoryEntry = new Map<string, number>();

function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CustomersListScreen() {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readListParams(searchParams);
  const { canWrite, isAdmin } = useRole();
  const toast = useToast();

  const [term, setTerm] = useSearchTerm(
    params.search,
    (search) => setSearchParams(writeListParams({ ...params, search }), { replace: true }),
    SEARCH_DEBOUNCE_MS,
  );

  const update = (next: Partial<ListParams>) =>
    setSearchParams(writeListParams({ ...params, ...next }));

  const list = useCustomerList(params);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.data) ?? [], [list.data]);
  const first = list.data?.pages[0];
  const searching = list.isPlaceholderData;

  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      const { search, ...rest } = { ...params, search: params.search.trim() };
      const csv = await unwrap(
        exportCustomers({ query: { ...rest, ...(search ? { search } : {}) }, parseAs: 'text' }),
      );
      downloadText(String(csv), 'customers.csv', 'text/csv');
      toast({ title: 'Export ready', description: 'customers.csv was downloaded.' });
    } catch (error) {
      toast({ title: 'Export failed', description: describeError(error).message, tone: 'danger' });
    } finally {
      setExporting(false);
    }
  };

  // Virtualised against the window: only the rows in view (and a margin) are in the DOM.
  const { key: historyEntry } = useLocation();
  useLayoutEffect(() => {
    // A layout effect: it is removed before the next screen scrolls to its top.
    const remember = () => scrollByHistoryEntry.set(historyEntry, window.scrollY);
    window.addEventListener('scroll', remember, { passive: true });
    return () => window.removeEventListener('scroll', remember);
  }, [historyEntry]);
  const listRef = useRef<HTMLTableSectionElement>(null);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => 49,
    overscan: 12,
    scrollMargin: listRef.current?.offsetTop ?? 0,
    // The window's size from the first render (not 0 × 0 until measured), so rows coming back
    // from the cache make the page as tall as before at once and back-navigation's scroll
    // restoration lands on the row the person left from.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    initialOffset: () => scrollByHistoryEntry.get(historyEntry) ?? 0,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start - virtualizer.options.scrollMargin : 0;
  const padBottom = items.length
    ? virtualizer.getTotalSize() - items[items.length - 1].end
    : virtualizer.getTotalSize();

  // Load more as the last rows come into view.
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !list.hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !list.isFetchingNextPage)
          void list.fetchNextPage();
      },
      { rootMargin: '600px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [list, list.hasNextPage, list.isFetchingNextPage]);

  const filtered = params.search.trim() !== '' || params.status !== 'active';

  return (
    <>
      <div className="page-head">
        <h1>Customers</h1>
        <div className="actions">
          <Button onClick={() => void exportCsv()} busy={exporting}>
            Export CSV
          </Button>
          {isAdmin && <ButtonLink to="/imports/new">Import CSV</ButtonLink>}
          {canWrite && (
            <ButtonLink to="/customers/new" variant="primary">
              Create customer
            </ButtonLink>
          )}
        </div>
      </div>

      <div role="search" className="toolbar" aria-label="Filter customers">
        <TextField
          label="Search"
          type="search"
          placeholder="Company, contact, email or phone"
          value={term}
          maxLength={SEARCH_MAX_LENGTH}
          onChange={(event) => setTerm(event.target.value)}
          autoComplete="off"
        />
        <div className="toolbar__narrow">
          <SelectField
            label="Status"
            value={params.status}
            options={STATUS_OPTIONS}
            onChange={(event) => update({ status: event.target.value as StatusFilter })}
          />
        </div>
        <div className="toolbar__narrow">
          <SelectField
            label="Sort by"
            value={params.sort}
            options={SORT_OPTIONS}
            onChange={(event) => update({ sort: event.target.value as SortKey })}
          />
        </div>
      </div>

      <div className="list-summary">
        <p role="status" aria-live="polite" aria-atomic="true">
          {first
            ? `${first.totalExact ? '' : 'About '}${formatCount(first.total)} ${first.total === 1 ? 'customer' : 'customers'}${
                params.search.trim() ? ` matching “${params.search.trim()}”` : ''
              }${searching ? ' (updating…)' : ''}`
            : list.isPending
              ? 'Loading customers…'
              : ''}
        </p>
        {rows.length > 0 && first && first.total > rows.length && (
          <p>
            Showing {formatCount(rows.length)} of {formatCount(first.total)}
          </p>
        )}
      </div>

      {list.isError && (
        <Alert tone="danger" title="The customers could not be loaded">
          <p>{describeError(list.error).message}</p>
          <Button small onClick={() => void list.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      {list.isPending && <Loading label="Loading customers" lines={6} />}

      {first &&
        rows.length === 0 &&
        (filtered ? (
          <EmptyState
            title="No customers match"
            actions={
              <Button
                onClick={() => {
                  setTerm('');
                  update({ search: '', status: 'active' });
                }}
              >
                Clear filters
              </Button>
            }
          >
            Nothing matches this search and status. Try fewer letters or another status.
          </EmptyState>
        ) : (
          <EmptyState
            title="No customers yet"
            actions={
              <>
                {canWrite && (
                  <ButtonLink to="/customers/new" variant="primary">
                    Create customer
                  </ButtonLink>
                )}
                {isAdmin && <ButtonLink to="/imports/new">Import CSV</ButtonLink>}
              </>
            }
          >
            Add your first customer by hand or import a CSV from your old system.
          </EmptyState>
        ))}

      {rows.length > 0 && (
        <div className="table-wrap">
          <table
            className="table table--responsive"
            aria-label="Customers"
            aria-rowcount={first?.total}
          >
            <thead>
              <tr>
                <SortHeader
                  label="Company Name"
                  column="companyName"
                  sort={params.sort}
                  onSort={(sort) => update({ sort })}
                />
                <th scope="col">Contact Person</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <SortHeader
                  label="Active Orders"
                  column="activeOrdersCount"
                  sort={params.sort}
                  onSort={(sort) => update({ sort })}
                  numeric
                />
                <th scope="col" className="num">
                  Total Orders
                </th>
              </tr>
            </thead>
            <tbody ref={listRef}>
              {padTop > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={6} style={{ height: padTop, padding: 0, border: 0 }} />
                </tr>
              )}
              {items.map((item) => {
                const customer = rows[item.index];
                return (
                  <tr
                    key={customer.id}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    aria-rowindex={item.index + 2}
                  >
                    <td className="cell--title" data-label="Company Name">
                      <Link to={`/customers/${customer.id}`}>{customer.companyName}</Link>
                      {customer.status === 'archived' && (
                        <>
                          {' '}
                          <Badge>Archived</Badge>
                        </>
                      )}
                    </td>
                    <td data-label="Contact Person">{customer.contactName}</td>
                    <td data-label="Email">{customer.email}</td>
                    <td data-label="Phone">{customer.phone ?? <span className="muted">—</span>}</td>
                    <td data-label="Active Orders" className="num">
                      {formatCount(customer.activeOrdersCount)}
                    </td>
                    <td data-label="Total Orders" className="num">
                      {formatCount(customer.totalOrdersCount)}
                    </td>
                  </tr>
                );
              })}
              {padBottom > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={6} style={{ height: padBottom, padding: 0, border: 0 }} />
                </tr>
              )}
            </tbody>
          </table>
          <div ref={sentinel} className="list-more">
            {list.hasNextPage ? (
              <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? 'Loading more…' : 'Load more'}
              </Button>
            ) : (
              <span className="muted">End of the list</span>
            )}
          </div>
        </div>
      )}
    </>
  );
}
