import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useMe } from '../../auth/useMe';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert, Spinner } from '../../components/States';
import { EMPTY_VALUE, formatDateTime, formatRelative } from '../../lib/format';
import { roleAtLeast } from '../../lib/roles';

export default function JobsPanel() {
  const me = useMe();
  const queryClient = useQueryClient();
  const canTrigger = roleAtLeast(me.data?.role, 'operator');
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: ({ signal }) => api.jobs.list(signal), refetchInterval: 15_000 });
  const [queued, setQueued] = useState<Record<string, string>>({});
  const trigger = useMutation({
    mutationFn: (name: string) => api.jobs.trigger(name),
    onSuccess: (result) => {
      setQueued((q) => ({ ...q, [result.name]: result.jobId }));
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
  });

  return (
    <Card
      title="Scheduled jobs"
      subtitle={canTrigger ? 'Run a job now, in addition to its schedule.' : 'Operators and admins can run jobs on demand.'}
    >
      <ProblemAlert error={trigger.error} />
      {jobs.isPending ? (
        <Loading rows={5} />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.length === 0 ? (
        <EmptyState title="No jobs registered">Jobs register themselves when the Workers start.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Schedule</th>
                <th>Last run</th>
                <th>Next run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) => {
                const running = trigger.isPending && trigger.variables === job.name;
                return (
                  <tr key={job.name}>
                    <td>
                      <div className="strong mono">{job.name}</div>
                      {job.description ? <div className="muted small">{job.description}</div> : null}
                    </td>
                    <td className="mono small">{job.cron ?? 'On demand'}</td>
                    <td>
                      {job.lastRunAt ? (
                        <span title={formatDateTime(job.lastRunAt)}>
                          {formatRelative(job.lastRunAt)} {job.lastStatus ? <Badge status={job.lastStatus} /> : null}
                        </span>
                      ) : (
                        <span className="muted">Never</span>
                      )}
                    </td>
                    <td title={formatDateTime(job.nextRunAt)}>{job.nextRunAt ? formatRelative(job.nextRunAt) : EMPTY_VALUE}</td>
                    <td className="row-actions">
                      {queued[job.name] ? <span className="muted small">Queued as #{queued[job.name]}</span> : null}
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={!canTrigger || running}
                        title={canTrigger ? `Run ${job.name} now` : 'Requires the operator role'}
                        onClick={() => trigger.mutate(job.name)}
                        data-testid={`job-trigger-${job.name}`}
                      >
                        {running ? <Spinner label="Queuing…" /> : 'Run now'}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
