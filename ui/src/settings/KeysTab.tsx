import { useCallback, useState, type FormEvent } from 'react';
import { when } from '../webhooks/format';
import { SecretOnce } from '../webhooks/SecretOnce';
import { Labeled } from '../webhooks/Labeled';
import type { APIKey, NewKey } from './api';
import { settingsApi } from './api';
import { ErrorNotice } from '../pages/Notice';
import { useSubmit } from './SettingsForm';
import { ListState, SettingsTable, useRemovableList } from './RemovableList';

/** KeysTab lists the API keys (never the keys themselves), makes one shown once, and revokes one. */
export function KeysTab() {
  // me is the key this browser is signed in with; null until loaded.
  const [me, setMe] = useState<APIKey | null>(null);
  const notAdmin = me !== null && !me.admin;
  const [created, setCreated] = useState<NewKey | null>(null);
  const [warning, setWarning] = useState('');
  const load = useCallback(
    () =>
      Promise.all([settingsApi.keys(), settingsApi.currentKey()]).then(([list, mine]) => {
        setMe(mine);
        return list;
      }),
    [],
  );
  const keys = useRemovableList(load, (k) => k.id, (k) => settingsApi.deleteKey(k.id));

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
      ) : notAdmin ? (
        <p className="notice">
          This browser is signed in with a key that is not an admin key: only admin keys make or revoke API keys. Sign in with an
          admin key to manage them.
        </p>
      ) : (
        <CreateKey
          onCreated={(k) => {
            setCreated(k);
            keys.setList((ks) => [...(ks ?? []), k.apiKey]);
          }}
        />
      )}
      <ListState of={keys} />
      {warning && (
        <div className="notice error" role="alert">
          <p>{warning}</p>
          <button type="button" onClick={() => setWarning('')}>
            Understood
          </button>
        </div>
      )}
      <SettingsTable
        of={keys}
        columns={['Name', 'Starts with', 'Admin', 'Made']}
        cells={(k) => (
          <>
            <td className="name">
              {k.name} {k.id === me?.id && <span className="badge status-active">in use by this browser</span>}
            </td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>{k.admin ? 'yes' : 'no'}</td>
            <td className="small">{when(k.createdAt)}</td>
          </>
        )}
        removal={{
          verb: 'Revoke',
          what: (k) => k.name,
          body: 'Everything that uses this key, scripts, systems and browsers signed in with it, is refused from now on. This cannot be undone.',
          confirm: 'Revoke key',
          ask: (k) =>
            notAdmin ? setWarning(notAdminWarning) : k.id === me?.id ? setWarning(inUseWarning(k)) : keys.askRemove(k),
        }}
      />
    </section>
  );
}

const notAdminWarning = 'Only an admin key can revoke API keys, and this browser is signed in with one that is not. Sign in with an admin key to revoke it.';

function inUseWarning(k: APIKey): string {
  return `“${k.name}” is the key this browser is signed in with, so it was not revoked: hookflow does not let a key revoke itself. To revoke it, sign out, sign in with another key, then revoke this one here.`;
}

function CreateKey({ onCreated }: { onCreated: (k: NewKey) => void }) {
  const [name, setName] = useState('');
  const [admin, setAdmin] = useState(false);
  const { error, setError, busy, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (!name.trim()) {
      setError('Name the key after what uses it, such as "CRM sync" or "Zapier".');
      return;
    }
    await run(async () => {
      onCreated(await settingsApi.createKey(name.trim(), admin));
      setName('');
      setAdmin(false);
    });
  };
  return (
    <form className="settings-form" aria-label="New API key" onSubmit={(e) => void submit(e)} noValidate>
      <h2>New API key</h2>
      <div className="settings-grid">
        <Labeled label="Name">
          <input value={name} aria-invalid={error ? true : undefined} onChange={(e) => setName(e.target.value)} />
        </Labeled>
        <div>
          <label className="checkbox">
            <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} aria-describedby="admin-key-help" />
            Admin key
          </label>
          <p id="admin-key-help" className="field-help">
            Admin keys can also make and revoke API keys. Give scripts and other systems keys that are not.
          </p>
        </div>
      </div>
      <ErrorNotice error={error} />
      <div className="row end">
        <button type="submit" className="primary" disabled={busy}>
          Make key
        </button>
      </div>
    </form>
  );
}
