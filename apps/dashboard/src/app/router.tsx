import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoadingBlock } from '../components/ui/spinner';
import { getMeQueryOptions } from '../features/auth/api/get-me';
import { setUnauthorizedHandler } from '../lib/api-client';
import { AppShell, RequireAuth } from './routes/app-shell';

/** Each screen is its own chunk; the main bundle holds only the shell (React, router, query, auth). */
function lazyRoute<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Component = lazy(async (): Promise<{ default: ComponentType }> => ({
    default: (await load())[name],
  }));
  return function LazyRoute() {
    return (
      <Suspense fallback={<LoadingBlock />}>
        <Component />
      </Suspense>
    );
  };
}

const SignInRoute = lazyRoute(() => import('./routes/auth'), 'SignInRoute');
const SignUpRoute = lazyRoute(() => import('./routes/auth'), 'SignUpRoute');
const MigrationsRoute = lazyRoute(() => import('./routes/migrations'), 'MigrationsRoute');
const MigrationLayoutRoute = lazyRoute(() => import('./routes/migration-layout'), 'MigrationLayoutRoute');
const OverviewRoute = lazyRoute(() => import('./routes/migration-overview'), 'MigrationOverviewRoute');
const DevicesRoute = lazyRoute(() => import('./routes/migration-devices'), 'MigrationDevicesRoute');
const AlertsRoute = lazyRoute(() => import('./routes/migration-alerts'), 'MigrationAlertsRoute');
const ActivityRoute = lazyRoute(() => import('./routes/migration-activity'), 'MigrationActivityRoute');
const CutoverNightRoute = lazyRoute(
  () => import('./routes/migration-cutover-night'),
  'MigrationCutoverNightRoute',
);
const MorningReportRoute = lazyRoute(
  () => import('./routes/migration-morning-report'),
  'MigrationMorningReportRoute',
);
const SettingsLayoutRoute = lazyRoute(() => import('./routes/settings'), 'SettingsLayoutRoute');
const SettingsTokensRoute = lazyRoute(() => import('./routes/settings'), 'SettingsTokensRoute');
const SettingsWebhooksRoute = lazyRoute(() => import('./routes/settings'), 'SettingsWebhooksRoute');
const TroubleshootingRoute = lazyRoute(() => import('./routes/troubleshooting'), 'TroubleshootingRoute');
const NotFoundRoute = lazyRoute(() => import('./routes/not-found'), 'NotFoundRoute');

/** An expired session anywhere (any 401) forgets the user; RequireAuth then sends them to sign in and back. */
function SessionExpiryHandler({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      queryClient.setQueryData(getMeQueryOptions().queryKey, null);
    });
  }, [queryClient]);
  return children;
}

export function AppRoutes() {
  return (
    <SessionExpiryHandler>
      <Routes>
        <Route path="/sign-in" element={<SignInRoute />} />
        <Route path="/sign-up" element={<SignUpRoute />} />
        <Route element={<AppShell />}>
          <Route path="/troubleshooting/:code" element={<TroubleshootingRoute />} />
          <Route element={<RequireAuth />}>
            <Route index element={<Navigate to="/migrations" replace />} />
            <Route path="/migrations" element={<MigrationsRoute />} />
            <Route path="/migrations/:migrationId" element={<MigrationLayoutRoute />}>
              <Route index element={<OverviewRoute />} />
              <Route path="devices" element={<DevicesRoute />} />
              <Route path="alerts" element={<AlertsRoute />} />
              <Route path="activity" element={<ActivityRoute />} />
              <Route path="cutover-night" element={<CutoverNightRoute />} />
              <Route path="morning-report" element={<MorningReportRoute />} />
            </Route>
            <Route path="/settings" element={<SettingsLayoutRoute />}>
              <Route index element={<Navigate to="/settings/tokens" replace />} />
              <Route path="tokens" element={<SettingsTokensRoute />} />
              <Route path="webhooks" element={<SettingsWebhooksRoute />} />
            </Route>
          </Route>
          <Route path="*" element={<NotFoundRoute />} />
        </Route>
      </Routes>
    </SessionExpiryHandler>
  );
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
