// The sidebar: every page in the order and sections people look for them.
import type { IconName } from './components/Icon';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
  /** Shown with a "soon" mark: the page says what it will hold until its API exists. */
  planned?: boolean;
}

export const NAV_SECTIONS: { title: string; items: NavItem[] }[] = [
  {
    title: 'Analyze',
    items: [
      { path: '/', label: 'Overview', icon: 'overview' },
      { path: '/cost-explorer', label: 'Cost Explorer', icon: 'explorer' },
      { path: '/anomalies', label: 'Anomalies', icon: 'anomalies' },
      { path: '/forecasts', label: 'Forecasts', icon: 'forecasts' },
    ],
  },
  {
    title: 'Optimize',
    items: [
      { path: '/recommendations', label: 'Recommendations', icon: 'recommendations' },
      { path: '/savings', label: 'Savings', icon: 'savings' },
      { path: '/remediation', label: 'Remediation', icon: 'remediation', planned: true },
    ],
  },
  {
    title: 'Data',
    items: [
      { path: '/assistant', label: 'Assistant', icon: 'assistant' },
      { path: '/ingestion', label: 'Ingestion', icon: 'ingestion' },
      { path: '/catalog', label: 'Catalog', icon: 'catalog' },
      { path: '/settings', label: 'Settings', icon: 'settings' },
    ],
  },
];
