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
  const [current, setCurrent] = useState('');
  const [created, setCreated] = useState<NewKey | null>(null);
  const [warning, setWarning] = useState('');
  const load = useCallback(
    () =>
      Promise.all([settingsApi.keys(), settingsApi.currentKey()]).then(([list, mine]) => {
        setCurrent(mine.id);
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
              {k.name} {k.id === current && <span className="badge status-active">in use by this browser</span>}
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
          ask: (k) => (k.id === current ? setWarning(inUseWarning(k)) : keys.askRemove(k)),
        }}
      />
    </section>
  );
}

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
        <label className="checkbox">
          <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />
          Admin key
        </label>
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
