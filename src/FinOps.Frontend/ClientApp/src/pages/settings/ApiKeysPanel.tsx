import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, ROLES, type ApiKey, type CreatedApiKey, type Role } from '../../api';
import { useMe } from '../../auth/useMe';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { Card } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert, Spinner } from '../../components/States';
import { EMPTY_VALUE, formatDateTime, formatRelative, parseIsoDate } from '../../lib/format';
import { roleAtLeast } from '../../lib/roles';

function keyState(key: ApiKey): 'active' | 'revoked' | 'expired' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false); // Clipboard needs a secure context; the key is selectable text anyway.
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid="copy-api-key">
      <Icon name="copy" size={15} /> {copied ? 'Copied' : copied === false ? 'Select and copy by hand' : 'Copy'}
    </button>
  );
}

function CreateKey({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useMutation({
    mutationFn: () => {
      const date = parseIsoDate(expires);
      return api.apiKeys.create({ name: name.trim(), role, expiresAt: date ? date.toISOString() : null });
    },
    onSuccess: (key) => {
      setCreated(key);
      void queryClient.invalidateQueries({ queryKey: ['apikeys'] });
    },
  });
  const nameErrors = create.error instanceof ApiError ? create.error.errorsFor('name') : [];

  if (created) {
    return (
      <Modal
        title="API key created"
        onClose={onClose}
        testId="api-key-created"
        footer={
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <div className="alert alert-warning alert-compact">Copy this key now. It is shown only once and cannot be recovered.</div>
        <div className="secret">
          <code data-testid="new-api-key">{created.key}</code>
          <CopyButton text={created.key} />
        </div>
        <p className="muted small">
          {created.name} · role {created.role}
          {created.expiresAt ? ` · expires ${formatDateTime(created.expiresAt)}` : ' · never expires'}
        </p>
      </Modal>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal
      title="Create API key"
      onClose={onClose}
      testId="api-key-form"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="api-key-form" className="btn btn-primary" disabled={create.isPending || !name.trim()} data-testid="api-key-create-submit">
            {create.isPending ? <Spinner label="Creating…" /> : 'Create key'}
          </button>
        </>
      }
    >
      <form id="api-key-form" className="form-grid" onSubmit={submit} noValidate>
        <label className="field span-2">
          <span className="field-label">Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. grafana-reader" autoFocus data-testid="api-key-name" />
          {nameErrors.length ? <div className="field-error">{nameErrors.join(' ')}</div> : null}
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="api-key-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Expires on</span>
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          <span className="field-hint">Leave empty for a key that does not expire.</span>
        </label>
      </form>
      <ProblemAlert error={create.error} />
    </Modal>
  );
}

function RevokeKey({ apiKey, onClose }: { apiKey: ApiKey; onClose: () => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api.apiKeys.revoke(apiKey.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['apikeys'] });
      onClose();
    },
  });
  return (
    <Modal
      title="Revoke API key"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={() => revoke.mutate()} disabled={revoke.isPending} data-testid="api-key-revoke-confirm">
            {revoke.isPending ? <Spinner label="Revoking…" /> : 'Revoke'}
          </button>
        </>
      }
    >
      <p>
        Revoke <strong>{apiKey.name}</strong> (<span className="mono">{apiKey.prefix}…</span>)? Anything using it is refused from now on.
      </p>
      <ProblemAlert error={revoke.error} />
    </Modal>
  );
}

export default function ApiKeysPanel() {
  const me = useMe();
  const isAdmin = roleAtLeast(me.data?.role, 'admin');
  const keys = useQuery({ queryKey: ['apikeys'], queryFn: ({ signal }) => api.apiKeys.list(signal), enabled: isAdmin });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  if (me.isPending) return <Loading rows={3} />;
  if (!isAdmin) {
    return (
      <Card title="API keys">
        <EmptyState title="Only administrators manage API keys">
          You are signed in as <strong>{me.data?.role ?? 'unknown'}</strong>. Ask an administrator for a key with another role.
        </EmptyState>
      </Card>
    );
  }

  return (
    <Card
      title="API keys"
      subtitle="Keys authenticate people and tools against the API. Only a prefix is stored in readable form."
      actions={
        <button type="button" className="btn btn-primary btn-small" onClick={() => setCreating(true)} data-testid="api-key-create">
          <Icon name="plus" size={16} /> Create key
        </button>
      }
    >
      {keys.isPending ? (
        <Loading rows={4} />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet" />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="api-keys-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Role</th>
                <th>Status</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => {
                const state = keyState(k);
                return (
                  <tr key={k.id} className={state !== 'active' ? 'row-muted' : undefined}>
                    <td className="strong">{k.name}</td>
                    <td className="mono">{k.prefix}…</td>
                    <td>{k.role}</td>
                    <td>
                      <Badge status={state} />
                    </td>
                    <td className="small nowrap">
                      {formatDateTime(k.createdAt)}
                      {k.createdBy ? <div className="muted">by {k.createdBy}</div> : null}
                    </td>
                    <td className="small nowrap">{k.expiresAt ? formatDateTime(k.expiresAt) : 'Never'}</td>
                    <td className="small" title={formatDateTime(k.lastUsedAt)}>
                      {k.lastUsedAt ? formatRelative(k.lastUsedAt) : EMPTY_VALUE}
                    </td>
                    <td className="row-actions">
                      {state !== 'revoked' ? (
                        <button type="button" className="link-btn danger" onClick={() => setRevoking(k)}>
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {creating ? <CreateKey onClose={() => setCreating(false)} /> : null}
      {revoking ? <RevokeKey apiKey={revoking} onClose={() => setRevoking(null)} /> : null}
    </Card>
  );
}
