/** Customer reads and writes as TanStack Query hooks, all through the SDK. */
import {
  getCustomer,
  listCustomerActivity,
  listCustomers,
  listCustomerWorkOrders,
  type WorkOrderDto,
} from '@shop/customers-sdk';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/problems';
import { apiQuery, type ListParams } from './list-params';

export const PAGE_SIZE = 50;

export const customerKeys = {
  all: ['customers'] as const,
  list: (params: ListParams) => ['customers', 'list', apiQuery(params)] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  workOrders: (id: string, status: string) => ['customers', 'work-orders', id, status] as const,
  activity: (id: string) => ['customers', 'activity', id] as const,
};

export function useCustomerList(params: ListParams) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(params),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        listCustomers({
          query: {
            ...apiQuery(params),
            limit: PAGE_SIZE,
            ...(pageParam ? { cursor: pageParam } : {}),
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new term loads, the rows of the last one stay (marked as such); an answer for an
    // older term only ever fills its own cache entry, so it can never replace newer rows.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: async ({ signal }) => {
      const result = await getCustomer({ path: { id }, signal });
      const customer = await unwrap(result);
      return { customer, etag: result.response.headers.get('etag') ?? `"${customer.version}"` };
    },
  });
}

export function useCustomerWorkOrders(id: string, status: WorkOrderDto['status'] | 'all') {
  return useInfiniteQuery({
    queryKey: customerKeys.workOrders(id, status),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        listCustomerWorkOrders({
          path: { id },
          query: {
            limit: 10,
            ...(status === 'all' ? {} : { status }),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCustomerActivity(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.activity(id),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        listCustomerActivity({
          path: { id },
          query: { limit: 10, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
