import { listImports } from '@shop/customers-sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeError, unwrap } from '../api/problems';
import { Button, ButtonLink } from '../design/button';
import { Alert, EmptyState, Loading } from '../design/feedback';
import { formatCount, formatDateTime } from '../format/format';
import { ImportStatusBadge, isRunning } from './import-status';

export default function ImportsScreen() {
  const imports = useInfiniteQuery({
    queryKey: ['imports'],
    queryFn: ({ pageParam }) =>
      unwrap(listImports({ query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Keep running imports' counts moving.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some((job) => isRunning(job.status)))
        ? 2000
        : false,
  });
  const rows = imports.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Imports</h1>
        <ButtonLink to="/imports/new" variant="primary">
          Import CSV
        </ButtonLink>
      </div>
      {imports.isPending && <Loading label="Loading imports" />}
      {imports.isError && <Alert tone="danger">{describeError(imports.error).message}</Alert>}
      {imports.data && rows.length === 0 && (
        <EmptyState
          title="No imports yet"
          actions={
            <ButtonLink to="/imports/new" variant="primary">
              Import CSV
            </ButtonLink>
          }
        >
          Upload a CSV of customers from a spreadsheet or your old system.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table--responsive" aria-label="Past imports">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Imported
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <tr key={job.id}>
                  <td className="cell--title" data-label="File">
                    <Link to={`/imports/${job.id}`}>{job.fileName}</Link>{' '}
                    {job.dryRun && <span className="muted">(dry run)</span>}
                  </td>
                  <td data-label="Status">
                    <ImportStatusBadge status={job.status} />
                  </td>
                  <td data-label="Started">
                    {formatDateTime(job.createdAt)}{' '}
                    <span className="muted">by {job.startedBy.name}</span>
                  </td>
                  <td className="num" data-label="Rows">
                    {formatCount(job.totalRows)}
                  </td>
                  <td className="num" data-label="Imported">
                    {formatCount(job.created + job.updated)}
                  </td>
                  <td className="num" data-label="Failed">
                    {formatCount(job.failed)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {imports.hasNextPage && (
        <div className="list-more">
          <Button onClick={() => void imports.fetchNextPage()} busy={imports.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </>
  );
}
