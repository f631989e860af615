import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Account, type AccountInput } from '../../api';
import { useMe } from '../../auth/useMe';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { Card } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading, ProblemAlert, Spinner } from '../../components/States';
import { EMPTY_VALUE, formatDate, formatMoney, formatProvider } from '../../lib/format';
import { roleAtLeast } from '../../lib/roles';

const PROVIDERS = [
  { value: 'aws', label: 'AWS' },
  { value: 'azure', label: 'Azure' },
  { value: 'gcp', label: 'Google Cloud' },
  { value: 'oci', label: 'Oracle Cloud' },
];

interface FormState {
  provider: string;
  billingAccountId: string;
  subAccountId: string;
  name: string;
  owner: string;
  team: string;
  monthlyBudget: string;
  currency: string;
  credentialsVaultPath: string;
}

function toForm(account: Account | null): FormState {
  return {
    provider: account?.provider ?? 'aws',
    billingAccountId: account?.billingAccountId ?? '',
    subAccountId: account?.subAccountId ?? '',
    name: account?.name ?? '',
    owner: account?.owner ?? '',
    team: account?.team ?? '',
    monthlyBudget: account?.monthlyBudget != null ? String(account.monthlyBudget) : '',
    currency: account?.currency ?? 'USD',
    credentialsVaultPath: account?.credentialsVaultPath ?? '',
  };
}

function toInput(form: FormState): AccountInput {
  const optional = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    provider: form.provider,
    billingAccountId: optional(form.billingAccountId),
    subAccountId: form.subAccountId.trim(),
    name: form.name.trim(),
    owner: optional(form.owner),
    team: optional(form.team),
    monthlyBudget: form.monthlyBudget.trim() === '' ? null : Number(form.monthlyBudget),
    currency: optional(form.currency.toUpperCase()),
    credentialsVaultPath: optional(form.credentialsVaultPath),
  };
}

function AccountForm({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FormState>(() => toForm(account));
  const save = useMutation({
    mutationFn: (input: AccountInput) => (account ? api.accounts.update(account.id, input) : api.accounts.create(input)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      onClose();
    },
  });
  const apiError = save.error instanceof ApiError ? save.error : null;
  const fieldError = (name: keyof FormState) => {
    const messages = apiError?.errorsFor(name) ?? [];
    return messages.length ? <div className="field-error">{messages.join(' ')}</div> : null;
  };
  const field = (name: keyof FormState, label: string, props: Record<string, unknown> = {}) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={apiError?.errorsFor(name).length ? true : undefined}
        data-testid={`account-${name}`}
        {...props}
      />
      {fieldError(name)}
    </label>
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toInput(form));
  };

  return (
    <Modal
      title={account ? `Edit ${account.name}` : 'Add account'}
      onClose={onClose}
      testId="account-form"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="account-form" className="btn btn-primary" disabled={save.isPending} data-testid="account-save">
            {save.isPending ? <Spinner label="Saving…" /> : account ? 'Save changes' : 'Add account'}
          </button>
        </>
      }
    >
      <form id="account-form" className="form-grid" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field-label">Provider</span>
          <select value={form.provider} onChange={(e) => setForm({ ...form, provider: e.target.value })} data-testid="account-provider">
            {PROVIDERS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            {!PROVIDERS.some((p) => p.value === form.provider) ? <option value={form.provider}>{form.provider}</option> : null}
          </select>
          {fieldError('provider')}
        </label>
        {field('name', 'Name', { required: true, placeholder: 'Production' })}
        {field('subAccountId', 'Sub-account ID', { required: true, placeholder: 'AWS account, Azure subscription, GCP project' })}
        {field('billingAccountId', 'Billing account ID', { placeholder: 'Optional' })}
        {field('owner', 'Owner', { placeholder: 'Optional' })}
        {field('team', 'Team', { placeholder: 'Optional' })}
        {field('monthlyBudget', 'Monthly budget', { type: 'number', min: 0, step: '0.01', placeholder: 'Optional' })}
        {field('currency', 'Currency', { maxLength: 3, placeholder: 'USD' })}
        <div className="span-2">{field('credentialsVaultPath', 'Credentials Vault path', { placeholder: 'e.g. secret/finops/aws/prod (optional)' })}</div>
      </form>
      <ProblemAlert error={save.error} />
    </Modal>
  );
}

function DeleteAccount({ account, onClose }: { account: Account; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.accounts.remove(account.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      onClose();
    },
  });
  return (
    <Modal
      title="Delete account"
      onClose={onClose}
      testId="account-delete"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={() => remove.mutate()} disabled={remove.isPending} data-testid="account-delete-confirm">
            {remove.isPending ? <Spinner label="Deleting…" /> : 'Delete'}
          </button>
        </>
      }
    >
      <p>
        Delete <strong>{account.name}</strong> ({formatProvider(account.provider)} <span className="mono">{account.subAccountId}</span>)? Its
        billing data stays; only the account's metadata goes.
      </p>
      <ProblemAlert error={remove.error} />
    </Modal>
  );
}

export default function AccountsPanel() {
  const me = useMe();
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: ({ signal }) => api.accounts.list(signal) });
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Account | null>(null);
  const canEdit = roleAtLeast(me.data?.role, 'analyst');

  return (
    <Card
      title="Cloud accounts"
      subtitle={canEdit ? 'The accounts, subscriptions and projects whose costs are tracked.' : 'Read-only: analysts and above can add, edit and delete accounts.'}
      actions={
        canEdit ? (
          <button type="button" className="btn btn-primary btn-small" onClick={() => setEditing('new')} data-testid="account-add">
            <Icon name="plus" size={16} /> Add account
          </button>
        ) : null
      }
    >
      {accounts.isPending ? (
        <Loading rows={4} />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : accounts.data.length === 0 ? (
        <EmptyState title="No accounts yet">{canEdit ? 'Add the first cloud account to attribute costs to it.' : null}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="settings-accounts-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Provider</th>
                <th>Sub-account</th>
                <th>Billing account</th>
                <th>Owner / team</th>
                <th className="num">Monthly budget</th>
                <th>Vault path</th>
                <th>Updated</th>
                {canEdit ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((a) => (
                <tr key={a.id}>
                  <td className="strong">{a.name}</td>
                  <td>{formatProvider(a.provider)}</td>
                  <td className="mono">{a.subAccountId}</td>
                  <td className="mono">{a.billingAccountId ?? EMPTY_VALUE}</td>
                  <td>{[a.owner, a.team].filter(Boolean).join(' · ') || EMPTY_VALUE}</td>
                  <td className="num">{a.monthlyBudget != null ? formatMoney(a.monthlyBudget, a.currency) : EMPTY_VALUE}</td>
                  <td className="mono small">{a.credentialsVaultPath ?? EMPTY_VALUE}</td>
                  <td className="small nowrap">{formatDate((a.updatedAt ?? a.createdAt).slice(0, 10))}</td>
                  {canEdit ? (
                    <td className="row-actions">
                      <button type="button" className="link-btn" onClick={() => setEditing(a)}>
                        Edit
                      </button>
                      <button type="button" className="link-btn danger" onClick={() => setDeleting(a)}>
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? <AccountForm account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {deleting ? <DeleteAccount account={deleting} onClose={() => setDeleting(null)} /> : null}
    </Card>
  );
}
