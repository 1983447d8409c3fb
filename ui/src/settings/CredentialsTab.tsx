import { useEffect, useState } from 'react';
import { message } from '../api/client';
import { ConfirmDialog } from '../pages/ConfirmDialog';
import type { Credential, CredentialType } from './api';
import { settingsApi } from './api';
import { CredentialForm } from './CredentialForm';

type Editing = { kind: 'new' } | { kind: 'change'; credential: Credential } | null;

/** CredentialsTab lists the credentials actions use (never their secrets), and adds, changes or deletes one. */
export function CredentialsTab() {
  const [types, setTypes] = useState<CredentialType[]>([]);
  const [list, setList] = useState<Credential[] | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Credential | null>(null);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    Promise.all([settingsApi.credentialTypes(), settingsApi.credentials()])
      .then(([t, l]) => {
        setTypes(t);
        setList(l);
      })
      .catch((err) => setError(message(err)));
  }, []);

  const label = (type: string) => types.find((t) => t.type === type)?.label ?? type;
  const remove = async (c: Credential) => {
    setDeleting(null);
    setError('');
    try {
      await settingsApi.deleteCredential(c.id);
      setList((l) => (l ?? []).filter((x) => x.id !== c.id));
    } catch (err) {
      setError(message(err));
    }
  };
  const onSaved = (c: Credential) => {
    setList((l) => (l?.some((x) => x.id === c.id) ? l.map((x) => (x.id === c.id ? c : x)) : [...(l ?? []), c]));
    setEditing(null);
    setSaved(`${c.name} is saved. Its secrets are stored encrypted and are not shown again.`);
  };

  return (
    <section aria-label="Credentials">
      <div className="row">
        <p className="settings-intro">
          Credentials are the passwords, tokens and keys that HTTP, CRM and Google Sheets steps sign in with. Secrets are
          stored encrypted and never shown again; the list only says whether each is set.
        </p>
        <span className="spacer" />
        {!editing && (
          <button type="button" className="primary" disabled={types.length === 0} onClick={() => setEditing({ kind: 'new' })}>
            New credential
          </button>
        )}
      </div>
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
      {editing && (
        <CredentialForm
          key={editing.kind === 'change' ? editing.credential.id : 'new'}
          types={types}
          existing={editing.kind === 'change' ? editing.credential : undefined}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {list === null && !error && <p className="muted">Loading…</p>}
      {list?.length === 0 && !editing && (
        <div className="empty">
          <h2>No credentials yet</h2>
          <p>Add one before a step that calls a CRM, a Google Sheet or a protected API.</p>
        </div>
      )}
      {list && list.length > 0 && (
        <table className="table settings-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Settings</th>
              <th>Secrets</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td className="name">{c.name}</td>
                <td>{label(c.type)}</td>
                <td className="small">
                  {Object.entries(c.fields).map(([k, v]) => (
                    <div key={k}>
                      {k}: <code>{v}</code>
                    </div>
                  ))}
                </td>
                <td className="small">
                  {Object.entries(c.secrets).map(([k, v]) => (
                    <div key={k}>
                      {k}: <span className={v === 'set' ? 'secret-set' : 'secret-unset'}>{v === 'set' ? 'set' : 'not set'}</span>
                    </div>
                  ))}
                </td>
                <td className="actions">
                  <button type="button" aria-label={`Change ${c.name}`} onClick={() => setEditing({ kind: 'change', credential: c })}>
                    Change
                  </button>
                  <button type="button" className="danger" aria-label={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          body="Steps that use this credential fail until they are given another one. Its secrets are erased; this cannot be undone."
          confirm="Delete credential"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
