import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { Logo } from '../../components/Icon';
import { Spinner } from '../../components/States';
import { session, useApiKey } from '../../auth/session';

/** Only same-app paths: a returnTo pointing elsewhere would make sign-in an open redirect. */
function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const storedKey = useApiKey();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expired = session.lastSignOutReason() === 'expired';
  const returnTo = safeReturnTo(params.get('returnTo'));

  if (storedKey && !busy) return <Navigate to={returnTo} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await api.me(candidate);
      queryClient.clear();
      session.signIn(candidate);
      queryClient.setQueryData(['me', candidate], me);
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="signin-brand">
          <Logo size={40} />
          <div>
            <h1>Sign in to FinOps</h1>
            <p className="muted">Multi-cloud cost management</p>
          </div>
        </div>
        {expired && !error ? (
          <div className="alert alert-warning alert-compact" role="status">
            Your API key was refused by the API (revoked or expired). Sign in again.
          </div>
        ) : null}
        <label className="field">
          <span className="field-label">API key</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            placeholder="Paste your API key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            data-testid="api-key-input"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'signin-error' : 'signin-hint'}
          />
        </label>
        {error ? (
          <div className="alert alert-error alert-compact" role="alert" id="signin-error" data-testid="sign-in-error">
            {error}
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="sign-in-button">
          {busy ? <Spinner label="Checking key…" /> : 'Sign in'}
        </button>
        <p className="signin-hint muted" id="signin-hint">
          An administrator creates API keys under Settings → API keys. The first admin key of an installation is the one
          configured as <code>Auth__BootstrapAdminKey</code>. The key is kept in this browser until you sign out.
        </p>
      </form>
    </div>
  );
}
