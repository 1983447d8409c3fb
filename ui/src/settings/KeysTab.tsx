import { useEffect, useState, type FormEvent } from 'react';
import { message } from '../api/client';
import { ConfirmDialog } from '../pages/ConfirmDialog';
import { when } from '../webhooks/format';
import { SecretOnce } from '../webhooks/SecretOnce';
import { Labeled } from '../webhooks/Labeled';
import type { APIKey, NewKey } from './api';
import { settingsApi } from './api';

/** KeysTab lists the API keys (never the keys themselves), makes one shown once, and revokes one. */
export function KeysTab() {
  const [keys, setKeys] = useState<APIKey[] | null>(null);
  const [current, setCurrent] = useState('');
  const [error, setError] = useState('');
  const [created, setCreated] = useState<NewKey | null>(null);
  const [revoking, setRevoking] = useState<APIKey | null>(null);
  const [warning, setWarning] = useState('');

  useEffect(() => {
    Promise.all([settingsApi.keys(), settingsApi.currentKey()])
      .then(([list, mine]) => {
        setKeys(list);
        setCurrent(mine.id);
      })
      .catch((err) => setError(message(err)));
  }, []);

  const revoke = async (k: APIKey) => {
    setRevoking(null);
    setError('');
    try {
      await settingsApi.deleteKey(k.id);
      setKeys((ks) => (ks ?? []).filter((x) => x.id !== k.id));
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <section aria-label="API keys">
      <p className="settings-intro">
        API keys let scripts and other systems call hookflow (send <code>Authorization: Bearer &lt;key&gt;</code>) and sign in to
        this studio. A key is shown once, when it is made; hookflow keeps only its hash.
      </p>
      {created ? (
        <SecretOnce
          label={`New API key “${created.apiKey.name}”`}
          value={created.key}
          warning="Copy it now and keep it somewhere safe, such as a password manager or your system's secret store. hookflow keeps only a hash of it and cannot show it again."
          onDone={() => setCreated(null)}
        />
      ) : (
        <CreateKey
          onCreated={(k) => {
            setCreated(k);
            setKeys((ks) => [...(ks ?? []), k.apiKey]);
          }}
        />
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {warning && (
        <div className="notice error" role="alert">
          <p>{warning}</p>
          <button type="button" onClick={() => setWarning('')}>
            Understood
          </button>
        </div>
      )}
      {keys === null && !error && <p className="muted">Loading…</p>}
      {keys && keys.length > 0 && (
        <table className="table settings-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Starts with</th>
              <th>Admin</th>
              <th>Made</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td className="name">
                  {k.name} {k.id === current && <span className="badge status-active">in use by this browser</span>}
                </td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.admin ? 'yes' : 'no'}</td>
                <td className="small">{when(k.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Revoke ${k.name}`}
                    onClick={() => (k.id === current ? setWarning(inUseWarning(k)) : setRevoking(k))}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          body="Everything that uses this key, scripts, systems and browsers signed in with it, is refused from now on. This cannot be undone."
          confirm="Revoke key"
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </section>
  );
}

function inUseWarning(k: APIKey): string {
  return `“${k.name}” is the key this browser is signed in with, so it was not revoked: hookflow does not let a key revoke itself. To revoke it, sign out, sign in with another key, then revoke this one here.`;
}

function CreateKey({ onCreated }: { onCreated: (k: NewKey) => void }) {
  const [name, setName] = useState('');
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (!name.trim()) {
      setError('Name the key after what uses it, such as "CRM sync" or "Zapier".');
      return;
    }
    setBusy(true);
    try {
      onCreated(await settingsApi.createKey(name.trim(), admin));
      setName('');
      setAdmin(false);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="settings-form" aria-label="New API key" onSubmit={(e) => void submit(e)} noValidate>
      <h2>New API key</h2>
      <div className="settings-grid">
        <Labeled label="Name">
          <input value={name} aria-invalid={error ? true : undefined} onChange={(e) => setName(e.target.value)} />
        </Labeled>
        <label className="checkbox">
          <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />
          Admin key
        </label>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="submit" className="primary" disabled={busy}>
          Make key
        </button>
      </div>
    </form>
  );
}
