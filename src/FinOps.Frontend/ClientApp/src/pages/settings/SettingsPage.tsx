import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Cloud accounts, API keys and scheduled jobs." />
      <nav className="tabs" aria-label="Settings">
        <NavLink to="accounts" className="tab" data-testid="tab-accounts">
          Accounts
        </NavLink>
        <NavLink to="api-keys" className="tab" data-testid="tab-api-keys">
          API keys
        </NavLink>
        <NavLink to="jobs" className="tab" data-testid="tab-jobs">
          Jobs
        </NavLink>
      </nav>
      <Outlet />
    </>
  );
}
