// The route table: every page of the app, its path and its place in the navigation.
import { lazy } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { Layout } from './components/Layout';
import { PlannedPage, PLANNED } from './pages/planned/PlannedPage';
import { SignInPage } from './pages/sign-in/SignInPage';
import { NotFoundPage } from './pages/NotFoundPage';

const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const CostExplorerPage = lazy(() => import('./pages/cost-explorer/CostExplorerPage'));
const ForecastsPage = lazy(() => import('./pages/forecasts/ForecastsPage'));
const IngestionPage = lazy(() => import('./pages/ingestion/IngestionPage'));
const RecommendationsPage = lazy(() => import('./pages/recommendations/RecommendationsPage'));
const SavingsPage = lazy(() => import('./pages/savings/SavingsPage'));
const CatalogPage = lazy(() => import('./pages/catalog/CatalogPage'));
const AnomaliesPage = lazy(() => import('./pages/anomalies/AnomaliesPage'));
const AssistantPage = lazy(() => import('./pages/assistant/AssistantPage'));
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage'));
const AccountsPanel = lazy(() => import('./pages/settings/AccountsPanel'));
const ApiKeysPanel = lazy(() => import('./pages/settings/ApiKeysPanel'));
const JobsPanel = lazy(() => import('./pages/settings/JobsPanel'));

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <OverviewPage /> },
      { path: 'cost-explorer', element: <CostExplorerPage /> },
      { path: 'forecasts', element: <ForecastsPage /> },
      { path: 'anomalies', element: <AnomaliesPage /> },
      { path: 'anomalies/:id', element: <AnomaliesPage /> },
      { path: 'ingestion', element: <IngestionPage /> },
      { path: 'recommendations', element: <RecommendationsPage /> },
      { path: 'savings', element: <SavingsPage /> },
      { path: 'catalog', element: <CatalogPage /> },
      { path: 'assistant', element: <AssistantPage /> },
      {
        path: 'settings',
        element: <SettingsPage />,
        children: [
          { index: true, element: <Navigate to="accounts" replace /> },
          { path: 'accounts', element: <AccountsPanel /> },
          { path: 'api-keys', element: <ApiKeysPanel /> },
          { path: 'jobs', element: <JobsPanel /> },
        ],
      },
      ...PLANNED.map((page) => ({ path: page.path.slice(1), element: <PlannedPage page={page} /> })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
