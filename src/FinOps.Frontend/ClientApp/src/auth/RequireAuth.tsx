import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useApiKey } from './session';

/** Sends anyone without a stored key to sign-in, remembering where they wanted to go. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const key = useApiKey();
  const location = useLocation();
  if (!key) {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to={returnTo === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return <>{children}</>;
}
