import {
  archiveCustomer,
  createWorkOrder,
  type CustomerDetailDto,
  restoreCustomer,
  updateWorkOrder,
  type WorkOrderDto,
} from '@shop/customers-sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { describeError, ProblemError, unwrap } from '../api/problems';
import { Button, ButtonLink } from '../design/button';
import { ConfirmDialog, Dialog, DialogClose } from '../design/dialog';
import { Alert, Badge, EmptyState, Loading } from '../design/feedback';
import { SelectField, TextField } from '../design/field';
import { useToast } from '../design/toast';
import {
  addressLines,
  describeAuditEntry,
  formatCount,
  formatDate,
  formatDateTime,
  timeAgo,
  WORK_ORDER_STATUS_LABELS,
} from '../format/format';
import { useRole } from '../session/session';
import {
  MOVE_LABELS,
  NEXT_STATUSES,
  STATUS_TONES,
  validateWorkOrder,
  type WorkOrderFormValues,
  type WorkOrderStatus,
} from '../work-orders/work-order-rules';
import {
  customerKeys,
  useCustomer,
  useCustomerActivity,
  useCustomerWorkOrders,
} from './customer-queries';

function AddressBlock({
  title,
  address,
}: {
  title: string;
  address: CustomerDetailDto['billingAddress'];
}) {
  const lines = address ? addressLines(address) : [];
  return (
    <div>
      <h3>{title}</h3>
      {lines.length ? (
        <address>
          {lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </address>
      ) : (
        <p className="muted">None</p>
      )}
    </div>
  );
}

function StatusBadge({ status }: { status: WorkOrderStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{WORK_ORDER_STATUS_LABELS[status]}</Badge>;
}

const ORDER_FILTERS = [
  { value: 'all', label: 'All statuses' },
  { value: 'pending', label: 'Pending' },
  { value: 'in_production', label: 'In production' },
  { value: 'completed', label: 'Completed' },
  { value: 'cancelled', label: 'Cancelled' },
] as const;

function WorkOrders({ customer, canWrite }: { customer: CustomerDetailDto; canWrite: boolean }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filterParam = searchParams.get('orders');
  const filter = (ORDER_FILTERS.some((f) => f.value === filterParam) ? filterParam : 'all') as
    WorkOrderStatus | 'all';
  const orders = useCustomerWorkOrders(customer.id, filter);
  const queryClient = useQueryClient();
  const toast = useToast();
  const rows = orders.data?.pages.flatMap((page) => page.data) ?? [];
  const table = useRef<HTMLTableElement>(null);
  const movedOrder = useRef<WorkOrderDto | null>(null);
  // The pressed button is gone with the old status: once the row shows the new one, keep the
  // keyboard in that row, on its next move, or on its status when it has none.
  useEffect(() => {
    const moved = movedOrder.current;
    const row = moved && table.current?.querySelector(`tr[data-order-id="${moved.id}"]`);
    if (!moved || !row || row.getAttribute('data-status') !== moved.status) return;
    movedOrder.current = null;
    const nextMove = row.querySelector<HTMLElement>('button');
    const status = row.querySelector<HTMLElement>('td[data-label="Status"]');
    if (nextMove) nextMove.focus();
    else if (status) {
      status.setAttribute('tabindex', '-1');
      status.focus();
    }
  });

  const move = useMutation({
    mutationFn: ({ order, status }: { order: WorkOrderDto; status: WorkOrderStatus }) =>
      unwrap(updateWorkOrder({ path: { id: order.id }, body: { status } })),
    onSuccess: async (order) => {
      movedOrder.current = order;
      toast({ title: `Work order ${order.number}: ${WORK_ORDER_STATUS_LABELS[order.status]}` });
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
    },
    onError: (error) =>
      toast({
        title: 'The status was not changed',
        description: describeError(error).message,
        tone: 'danger',
      }),
  });

  return (
    <section className="card" aria-labelledby="work-orders-title" id="work-orders">
      <div className="page-head">
        <h2 id="work-orders-title">Work orders</h2>
        <div className="toolbar__narrow">
          <SelectField
            label="Show"
            value={filter}
            options={ORDER_FILTERS}
            onChange={(event) => {
              const next = new URLSearchParams(searchParams);
              if (event.target.value === 'all') next.delete('orders');
              else next.set('orders', event.target.value);
              setSearchParams(next, { replace: true });
            }}
          />
        </div>
      </div>
      {orders.isPending && <Loading label="Loading work orders" />}
      {orders.isError && <Alert tone="danger">{describeError(orders.error).message}</Alert>}
      {orders.data && rows.length === 0 && (
        <p className="muted">
          {filter === 'all' ? 'No work orders yet.' : 'No work orders with this status.'}
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table--responsive" aria-label="Work orders" ref={table}>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Title</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                {canWrite && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((order) => (
                <tr key={order.id} data-order-id={order.id} data-status={order.status}>
                  <td className="cell--title mono" data-label="Number">
                    {order.number}
                  </td>
                  <td data-label="Title">{order.title}</td>
                  <td className="num" data-label="Quantity">
                    {formatCount(order.quantity)}
                  </td>
                  <td data-label="Due">
                    {order.dueDate ? formatDate(order.dueDate) : <span className="muted">—</span>}
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={order.status} />
                  </td>
                  {canWrite && (
                    <td data-label="Actions" className="cell--actions">
                      <div className="actions">
                        {NEXT_STATUSES[order.status].map((status) => (
                          <Button
                            key={status}
                            small
                            variant={status === 'cancelled' ? 'ghost' : 'default'}
                            busy={
                              move.isPending &&
                              move.variables?.order.id === order.id &&
                              move.variables.status === status
                            }
                            aria-label={`${MOVE_LABELS[status]}: ${order.number}`}
                            onClick={() => move.mutate({ order, status })}
                          >
                            {MOVE_LABELS[status]}
                          </Button>
                        ))}
                        {NEXT_STATUSES[order.status].length === 0 && (
                          <span className="muted">Done</span>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {orders.hasNextPage && (
        <div className="list-more">
          <Button onClick={() => void orders.fetchNextPage()} busy={orders.isFetchingNextPage}>
            Show more work orders
          </Button>
        </div>
      )}
    </section>
  );
}

function Activity({ customerId }: { customerId: string }) {
  const activity = useCustomerActivity(customerId);
  const entries = activity.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="card" aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      {activity.isPending && <Loading label="Loading activity" />}
      {activity.isError && <Alert tone="danger">{describeError(activity.error).message}</Alert>}
      {activity.data && entries.length === 0 && <p className="muted">Nothing yet.</p>}
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={entry.id}>
            <div>{describeAuditEntry(entry)}</div>
            <time dateTime={entry.occurredAt} title={formatDateTime(entry.occurredAt)}>
              {timeAgo(entry.occurredAt)}
            </time>
          </li>
        ))}
      </ol>
      {activity.hasNextPage && (
        <Button
          small
          onClick={() => void activity.fetchNextPage()}
          busy={activity.isFetchingNextPage}
        >
          Show older activity
        </Button>
      )}
    </section>
  );
}

function NewWorkOrderDialog({
  customer,
  open,
  onOpenChange,
}: {
  customer: CustomerDetailDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [values, setValues] = useState<WorkOrderFormValues>({
    title: '',
    quantity: '1',
    dueDate: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        createWorkOrder({
          body: {
            customerId: customer.id,
            title: values.title.trim(),
            quantity: Number(values.quantity),
            dueDate: values.dueDate || null,
          },
        }),
      ),
    onSuccess: async (order) => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      toast({ title: `Work order ${order.number} created` });
      setValues({ title: '', quantity: '1', dueDate: '' });
      onOpenChange(false);
    },
    onError: (error) => {
      const described = describeError(error);
      setErrors(described.fields);
      setFormError(described.message);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateWorkOrder(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length === 0) create.mutate();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New work order"
      description={`For ${customer.companyName}.`}
    >
      <form onSubmit={submit} noValidate className="stack">
        {formError && <Alert tone="danger">{formError}</Alert>}
        <TextField
          label="Title"
          name="title"
          required
          maxLength={200}
          value={values.title}
          error={errors.title}
          onChange={(e) => setValues({ ...values, title: e.target.value })}
        />
        <TextField
          label="Quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={1000000}
          required
          value={values.quantity}
          error={errors.quantity}
          onChange={(e) => setValues({ ...values, quantity: e.target.value })}
        />
        <TextField
          label="Due date"
          name="dueDate"
          type="date"
          hint="Optional"
          value={values.dueDate}
          error={errors.dueDate}
          onChange={(e) => setValues({ ...values, dueDate: e.target.value })}
        />
        <div className="dialog__actions">
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create work order
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function CustomerScreen() {
  const { id = '' } = useParams();
  const query = useCustomer(id);
  const { canWrite } = useRole();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [archiveOpen, setArchiveOpen] = useState(false);
  const [archiveRefusal, setArchiveRefusal] = useState<{ count: number } | string | null>(null);
  const [orderOpen, setOrderOpen] = useState(false);

  const archive = useMutation({
    mutationFn: () => unwrap(archiveCustomer({ path: { id } })),
    onSuccess: async (customer) => {
      setArchiveOpen(false);
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      toast({
        title: 'Customer archived',
        description: `${customer.companyName} is now under Archived.`,
      });
    },
    onError: (error) => {
      if (error instanceof ProblemError && error.code === 'customer_has_active_orders') {
        const count = Number(error.problem.activeOrdersCount ?? 0);
        setArchiveRefusal({ count });
      } else setArchiveRefusal(describeError(error).message);
    },
  });
  const restore = useMutation({
    mutationFn: () => unwrap(restoreCustomer({ path: { id } })),
    onSuccess: async (customer) => {
      await queryClient.invalidateQueries({ queryKey: customerKeys.all });
      toast({
        title: 'Customer restored',
        description: `${customer.companyName} is active again.`,
      });
    },
    onError: (error) =>
      toast({ title: 'Not restored', description: describeError(error).message, tone: 'danger' }),
  });

  if (query.isPending) return <Loading label="Loading the customer" lines={8} />;
  if (query.isError) {
    const problem = describeError(query.error);
    return problem.status === 404 || problem.status === 400 ? (
      <EmptyState
        title="Customer not found"
        actions={<ButtonLink to="/customers">Back to customers</ButtonLink>}
      >
        It may have been mistyped in the address.
      </EmptyState>
    ) : (
      <Alert tone="danger" title="The customer could not be loaded">
        <p>{problem.message}</p>
      </Alert>
    );
  }
  const { customer } = query.data;
  const archived = customer.status === 'archived';

  return (
    <>
      <p>
        <Link to="/customers">← Customers</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {customer.companyName} {archived && <Badge>Archived</Badge>}
          </h1>
          <p className="muted">
            Customer since {formatDate(customer.createdAt)} ·{' '}
            {formatCount(customer.activeOrdersCount)} active of{' '}
            {formatCount(customer.totalOrdersCount)} orders
          </p>
        </div>
        {canWrite && (
          <div className="actions">
            {!archived && (
              <>
                <Button variant="primary" onClick={() => setOrderOpen(true)}>
                  New work order
                </Button>
                <ButtonLink to={`/customers/${customer.id}/edit`}>Edit</ButtonLink>
                <Button
                  variant="danger"
                  onClick={() => {
                    setArchiveRefusal(null);
                    setArchiveOpen(true);
                  }}
                >
                  Archive customer
                </Button>
              </>
            )}
            {archived && (
              <Button variant="primary" onClick={() => restore.mutate()} busy={restore.isPending}>
                Restore customer
              </Button>
            )}
          </div>
        )}
      </div>
      {archived && (
        <Alert tone="warning">
          <p>
            Archived {customer.archivedAt ? timeAgo(customer.archivedAt) : ''}. It is kept with its
            orders; restore it to edit it or add work orders.
          </p>
        </Alert>
      )}

      <div className="grid-2">
        <section className="card" aria-labelledby="contact-title">
          <h2 id="contact-title">Contact</h2>
          <dl className="dl">
            <dt>Contact person</dt>
            <dd>{customer.contactName}</dd>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${customer.email}`}>{customer.email}</a>
            </dd>
            <dt>Phone</dt>
            <dd>
              {customer.phone ? (
                <a href={`tel:${customer.phone}`}>{customer.phone}</a>
              ) : (
                <span className="muted">None</span>
              )}
            </dd>
            <dt>Tax exempt</dt>
            <dd>{customer.taxExempt ? 'Yes' : 'No'}</dd>
            <dt>Tags</dt>
            <dd>
              {customer.tags.length ? (
                <ul className="tags" aria-label="Tags">
                  {customer.tags.map((tag) => (
                    <li key={tag}>
                      <Badge tone="info">{tag}</Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">None</span>
              )}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="addresses-title">
          <h2 id="addresses-title">Addresses</h2>
          <div className="grid-2">
            <AddressBlock title="Billing" address={customer.billingAddress} />
            <AddressBlock title="Shipping" address={customer.shippingAddress} />
          </div>
          <h3>Notes</h3>
          {customer.notes ? (
            <p className="notes">{customer.notes}</p>
          ) : (
            <p className="muted">None</p>
          )}
        </section>
      </div>
      <div className="card-gap" />
      <WorkOrders customer={customer} canWrite={canWrite && !archived} />
      <div className="card-gap" />
      <Activity customerId={customer.id} />

      <ConfirmDialog
        open={archiveOpen}
        onOpenChange={setArchiveOpen}
        title={`Archive ${customer.companyName}?`}
        description="It leaves the customer list and cannot get new work orders until restored. Nothing is deleted."
        confirmLabel="Archive customer"
        danger
        busy={archive.isPending}
        onConfirm={() => archive.mutate()}
      >
        {archiveRefusal !== null && (
          <Alert tone="danger" title="Not archived">
            {typeof archiveRefusal === 'string' ? (
              <p>{archiveRefusal}</p>
            ) : (
              <p>
                {customer.companyName} has {archiveRefusal.count} active work{' '}
                {archiveRefusal.count === 1 ? 'order' : 'orders'}. Complete or cancel{' '}
                {archiveRefusal.count === 1 ? 'it' : 'them'} first:{' '}
                <Link
                  to={`/customers/${customer.id}?orders=pending#work-orders`}
                  onClick={() => setArchiveOpen(false)}
                >
                  pending orders
                </Link>
                ,{' '}
                <Link
                  to={`/customers/${customer.id}?orders=in_production#work-orders`}
                  onClick={() => setArchiveOpen(false)}
                >
                  in production
                </Link>
                .
              </p>
            )}
          </Alert>
        )}
      </ConfirmDialog>
      <NewWorkOrderDialog customer={customer} open={orderOpen} onOpenChange={setOrderOpen} />
    </>
  );
}
