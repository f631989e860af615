// Pages whose API does not exist yet. They say what they will hold, and show no numbers.
import { Icon, type IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';

export interface PlannedPageInfo {
  path: string;
  title: string;
  icon: IconName;
  summary: string;
  details: string[];
}

export const PLANNED: PlannedPageInfo[] = [
  {
    path: '/forecasts',
    title: 'Forecasts',
    icon: 'forecasts',
    summary:
      'Cost forecasts for the total, each account and each service, with 80% and 95% prediction intervals and the model that won the backtest for each scope.',
    details: ['Month-end projection against budget', 'Per-model backtest errors', 'Forecast horizon and generation time'],
  },
  {
    path: '/recommendations',
    title: 'Recommendations',
    icon: 'recommendations',
    summary:
      'Rightsizing and idle-resource recommendations built from utilization metrics and the instance catalog, each with its evidence and estimated monthly savings.',
    details: ['Accept, dismiss or apply a recommendation', 'Current and proposed configuration side by side', 'Utilization evidence (CPU, memory, network)'],
  },
  {
    path: '/savings',
    title: 'Savings',
    icon: 'savings',
    summary:
      'Savings realized by applied recommendations, validated by comparing the cost of a baseline window with the cost after the change.',
    details: ['Estimated against realized savings', 'Validation method and windows', 'Totals per account and team'],
  },
  {
    path: '/remediation',
    title: 'Remediation',
    icon: 'remediation',
    summary:
      'Playbooks that turn anomalies and recommendations into actions (notify Slack, Teams or a webhook, open a ticket, stop or resize an instance) behind dry-run and approval.',
    details: ['Approve or reject pending actions', 'Dry-run results before anything changes', 'History of every action with its outcome'],
  },
  {
    path: '/assistant',
    title: 'Assistant',
    icon: 'assistant',
    summary:
      'Ask cost questions in plain English, such as “What did we spend on EC2 last month by account?”, and get the answer together with the SQL it ran, the rows and a chart.',
    details: ['Every answer shows its SQL', 'Results as a table and a chart', 'Says so when a question was not understood'],
  },
  {
    path: '/catalog',
    title: 'Catalog',
    icon: 'catalog',
    summary:
      'The instance catalog used for rightsizing: instance types per provider and region with vCPU, memory, GPU, architecture and on-demand hourly price.',
    details: ['Search by family, size and region', 'Compare prices across generations', 'Source and effective date of every price'],
  },
];

export function PlannedPage({ page }: { page: PlannedPageInfo }) {
  return (
    <>
      <PageHeader title={page.title} />
      <section className="card planned" data-testid="planned-page">
        <div className="planned-icon">
          <Icon name={page.icon} size={28} />
        </div>
        <div>
          <p className="planned-summary">{page.summary}</p>
          <ul className="planned-list">
            {page.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
          <p className="muted">This page is filled in once its API is available; until then it shows no figures.</p>
        </div>
      </section>
    </>
  );
}
