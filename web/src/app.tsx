import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import {
  createBrowserRouter,
  Navigate,
  Outlet,
  RouterProvider,
  ScrollRestoration,
  useRouteError,
} from 'react-router';
import { describeError } from './api/problems';
import { CustomersListScreen } from './customers/customers-list-screen';
import { Alert, Loading } from './design/feedback';
import { ToastProvider } from './design/toast';
import { AppShell } from './layout/app-shell';
import { RequireSession, useRole } from './session/session';
import { SetPasswordScreen, SetupScreen, SignInScreen } from './session/sign-in-screen';

// The list is the first screen; everything else loads on demand, so the first screen's bundle
// stays small (dialogs, forms and admin screens are not in it).
const CustomerCreateScreen = lazy(() =>
  import('./customers/customer-create-screen').then((m) => ({ default: m.CustomerCreateScreen })),
);
const CustomerEditScreen = lazy(() =>
  import('./customers/customer-edit-screen').then((m) => ({ default: m.CustomerEditScreen })),
);
const CustomerScreen = lazy(() =>
  import('./customers/customer-screen').then((m) => ({ default: m.CustomerScreen })),
);
const ImportsScreen = lazy(() => import('./imports/imports-screen'));
const ImportNewScreen = lazy(() => import('./imports/import-new-screen'));
const ImportDetailScreen = lazy(() => import('./imports/import-detail-screen'));
const AdminScreen = lazy(() => import('./admin/admin-screen'));
const AccountScreen = lazy(() => import('./account/account-screen'));
const DesignScreen = lazy(() => import('./design/design-screen'));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading label="Loading" />}>{children}</Suspense>;
}

function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = useRole();
  if (!isAdmin)
    return (
      <Alert tone="warning" title="Admins only">
        <p>Your role does not include this screen.</p>
      </Alert>
    );
  return <Lazy>{children}</Lazy>;
}

function RouteError() {
  const error = useRouteError();
  return (
    <main className="app-main" id="main">
      <h1>Something went wrong</h1>
      <Alert tone="danger">
        <p>{describeError(error).message}</p>
      </Alert>
      <a href="/customers">Back to customers</a>
    </main>
  );
}

function Root() {
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}

export const routes = [
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInScreen /> },
      { path: '/setup', element: <SetupScreen /> },
      { path: '/set-password', element: <SetPasswordScreen /> },
      {
        element: (
          <RequireSession>
            <AppShell />
          </RequireSession>
        ),
        children: [
          { path: '/', element: <Navigate to="/customers" replace /> },
          { path: '/customers', element: <CustomersListScreen /> },
          {
            path: '/customers/new',
            element: (
              <Lazy>
                <CustomerCreateScreen />
              </Lazy>
            ),
          },
          {
            path: '/customers/:id',
            element: (
              <Lazy>
                <CustomerScreen />
              </Lazy>
            ),
          },
          {
            path: '/customers/:id/edit',
            element: (
              <Lazy>
                <CustomerEditScreen />
              </Lazy>
            ),
          },
          {
            path: '/imports',
            element: (
              <AdminOnly>
                <ImportsScreen />
              </AdminOnly>
            ),
          },
          {
            path: '/imports/new',
            element: (
              <AdminOnly>
                <ImportNewScreen />
              </AdminOnly>
            ),
          },
          {
            path: '/imports/:id',
            element: (
              <AdminOnly>
                <ImportDetailScreen />
              </AdminOnly>
            ),
          },
          { path: '/admin', element: <Navigate to="/admin/people" replace /> },
          {
            path: '/admin/:tab',
            element: (
              <AdminOnly>
                <AdminScreen />
              </AdminOnly>
            ),
          },
          {
            path: '/account',
            element: (
              <Lazy>
                <AccountScreen />
              </Lazy>
            ),
          },
          {
            path: '/design',
            element: (
              <Lazy>
                <DesignScreen />
              </Lazy>
            ),
          },
          {
            path: '*',
            element: (
              <Alert tone="warning" title="Page not found">
                <p>
                  <a href="/customers">Go to customers</a>
                </p>
              </Alert>
            ),
          },
        ],
      },
    ],
  },
];

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A problem the person can fix is not retried; a lost connection is, once.
        retry: (failures, error) => failures < 1 && describeError(error).status === 0,
        refetchOnWindowFocus: false,
      },
    },
  });
}

const router = createBrowserRouter(routes);
const queryClient = createQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
