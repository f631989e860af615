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
    path: '/remediation',
    title: 'Remediation',
    icon: 'remediation',
    summary:
      'Playbooks that turn anomalies and recommendations into actions (notify Slack, Teams or a webhook, open a ticket, stop or resize an instance) behind dry-run and approval.',
    details: ['Approve or reject pending actions', 'Dry-run results before anything changes', 'History of every action with its outcome'],
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
