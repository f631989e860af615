import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { session } from '../auth/session';
import { useMe } from '../auth/useMe';
import { NAV_SECTIONS } from '../navigation';
import { Icon, Logo } from './Icon';
import { Loading } from './States';

export function Layout() {
  const me = useMe();
  const queryClient = useQueryClient();

  const signOut = () => {
    session.signOut('signed-out');
    queryClient.clear();
  };

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <Logo />
          <div>
            <div className="brand-name">FinOps</div>
            <div className="brand-sub">Cloud cost platform</div>
          </div>
        </div>
        <nav aria-label="Main">
          {NAV_SECTIONS.map((section) => (
            <div key={section.title} className="nav-section">
              <div className="nav-section-title">{section.title}</div>
              {section.items.map((item) => (
                <NavLink key={item.path} to={item.path} end={item.path === '/'} className="nav-link" data-testid={`nav-${item.icon}`}>
                  <Icon name={item.icon} />
                  <span>{item.label}</span>
                  {item.planned ? <span className="nav-soon">soon</span> : null}
                </NavLink>
              ))}
            </div>
          ))}
        </nav>
        <div className="sidebar-footer">
          <div className="user" data-testid="current-user">
            <div className="avatar" aria-hidden="true">
              {(me.data?.name ?? '?').slice(0, 1).toUpperCase()}
            </div>
            <div className="user-text">
              <div className="user-name" title={me.data?.name}>
                {me.data?.name ?? (me.isError ? 'Unknown user' : '…')}
              </div>
              <div className="user-role">{me.data ? `${me.data.role} · ${me.data.authenticationType}` : '\u00a0'}</div>
            </div>
            <button type="button" className="icon-btn sign-out" onClick={signOut} title="Sign out" aria-label="Sign out" data-testid="sign-out-button">
              <Icon name="signOut" />
            </button>
          </div>
        </div>
      </aside>
      <main className="content">
        <Suspense fallback={<Loading rows={4} />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
