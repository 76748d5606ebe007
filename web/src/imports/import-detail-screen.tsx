import {
  cancelImport,
  downloadImportErrors,
  getImport,
  listImportErrors,
} from '@shop/customers-sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { describeError, unwrap } from '../api/problems';
import { Button, ButtonLink } from '../design/button';
import { Alert, Loading } from '../design/feedback';
import { useToast } from '../design/toast';
import { formatCount, formatDateTime } from '../format/format';
import { ImportStatusBadge, isRunning } from './import-status';

export default function ImportDetailScreen() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const toast = useToast();
  const job = useQuery({
    queryKey: ['imports', id],
    queryFn: () => unwrap(getImport({ path: { id } })),
    refetchInterval: (query) =>
      query.state.data && isRunning(query.state.data.status) ? 1000 : false,
  });
  const finished = job.data && !isRunning(job.data.status);
  const errors = useInfiniteQuery({
    queryKey: ['imports', id, 'errors'],
    queryFn: ({ pageParam }) =>
      unwrap(
        listImportErrors({
          path: { id },
          query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(finished && job.data && job.data.failed > 0),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(cancelImport({ path: { id } })),
    onSuccess: async () => {
      toast({ title: 'Import cancelled' });
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
    onError: (error) =>
      toast({ title: 'Not cancelled', description: describeError(error).message, tone: 'danger' }),
  });
  const download = async () => {
    try {
      const csv = await unwrap(downloadImportErrors({ path: { id }, parseAs: 'text' }));
      const url = URL.createObjectURL(new Blob([String(csv)], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `import-errors-${id}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast({
        title: 'Download failed',
        description: describeError(error).message,
        tone: 'danger',
      });
    }
  };

  if (job.isPending) return <Loading label="Loading the import" />;
  if (job.isError)
    return (
      <Alert tone="danger" title="The import could not be loaded">
        <p>{describeError(job.error).message}</p>
      </Alert>
    );
  const data = job.data;
  const running = isRunning(data.status);
  const imported = data.created + data.updated;
  const rowErrors = errors.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <p>
        <Link to="/imports">← Imports</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {data.fileName} <ImportStatusBadge status={data.status} />
          </h1>
          <p className="muted">
            {data.dryRun ? 'Dry run, nothing saved · ' : ''}Started {formatDateTime(data.createdAt)}{' '}
            by {data.startedBy.name}
          </p>
        </div>
        <div className="actions">
          {running && (
            <Button variant="danger" onClick={() => cancel.mutate()} busy={cancel.isPending}>
              Cancel import
            </Button>
          )}
          {!running && <ButtonLink to="/imports/new">Import another file</ButtonLink>}
        </div>
      </div>
      <section className="card stack" aria-labelledby="progress-title">
        <h2 id="progress-title">{running ? 'Progress' : 'Summary'}</h2>
        <progress
          className="progress"
          max={Math.max(1, data.totalRows)}
          value={data.processedRows}
          aria-label="Rows done"
        />
        <p role="status" aria-live="polite" aria-atomic="true">
          {formatCount(data.processedRows)} of {formatCount(data.totalRows)} rows done:{' '}
          {formatCount(imported)} {data.dryRun ? 'would be imported' : 'imported'} (
          {formatCount(data.created)} new, {formatCount(data.updated)} updated),{' '}
          {formatCount(data.skipped)} skipped, {formatCount(data.failed)} failed.
          {data.status === 'completed' && ' Finished.'}
          {data.status === 'cancelled' && ' Cancelled.'}
          {data.status === 'failed' && ' The import failed.'}
        </p>
        {data.failureReason && <Alert tone="danger">{data.failureReason}</Alert>}
        {data.unknownColumns.length > 0 && (
          <p className="muted">Ignored columns: {data.unknownColumns.join(', ')}</p>
        )}
      </section>
      {finished && data.failed > 0 && (
        <section className="card" aria-labelledby="failed-title">
          <div className="page-head">
            <h2 id="failed-title">Failed rows</h2>
            <Button onClick={() => void download()}>Download errors CSV</Button>
          </div>
          {errors.isPending && <Loading label="Loading failed rows" />}
          {rowErrors.length > 0 && (
            <div className="table-wrap">
              <table className="table table--responsive" aria-label="Failed rows">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Row
                    </th>
                    <th scope="col">Column</th>
                    <th scope="col">Value</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {rowErrors.map((error, index) => (
                    <tr key={`${error.row}-${error.column}-${index}`}>
                      <td className="num cell--title" data-label="Row">
                        Row {error.row}
                      </td>
                      <td data-label="Column">
                        {error.column ?? <span className="muted">whole row</span>}
                      </td>
                      <td data-label="Value">{error.value ?? ''}</td>
                      <td data-label="Reason">{error.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {errors.hasNextPage && (
            <div className="list-more">
              <Button onClick={() => void errors.fetchNextPage()} busy={errors.isFetchingNextPage}>
                Show more failed rows
              </Button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
