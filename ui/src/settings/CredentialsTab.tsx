import { useCallback, useState } from 'react';
import type { Credential, CredentialType } from './api';
import { settingsApi } from './api';
import { CredentialForm } from './CredentialForm';
import { ListState, SettingsTable, useRemovableList } from './RemovableList';
import { StatusNotice } from '../pages/Notice';

type Editing = { kind: 'new' } | { kind: 'change'; credential: Credential } | null;

/** CredentialsTab lists the credentials actions use (never their secrets), and adds, changes or deletes one. */
export function CredentialsTab() {
  const [types, setTypes] = useState<CredentialType[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState('');
  const load = useCallback(
    () =>
      Promise.all([settingsApi.credentialTypes(), settingsApi.credentials()]).then(([t, l]) => {
        setTypes(t);
        return l;
      }),
    [],
  );
  const credentials = useRemovableList(load, (c) => c.id, (c) => settingsApi.deleteCredential(c.id));
  const { setList } = credentials;

  const label = (type: string) => types.find((t) => t.type === type)?.label ?? type;
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
      <StatusNotice text={saved} />
      {editing && (
        <CredentialForm
          key={editing.kind === 'change' ? editing.credential.id : 'new'}
          types={types}
          existing={editing.kind === 'change' ? editing.credential : undefined}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      )}
      <ListState
        of={credentials}
        empty={
          !editing && (
            <div className="empty">
              <h2>No credentials yet</h2>
              <p>Add one before a step that calls a CRM, a Google Sheet or a protected API.</p>
            </div>
          )
        }
      />
      <SettingsTable
        of={credentials}
        columns={['Name', 'Type', 'Settings', 'Secrets']}
        cells={(c) => (
          <>
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
          </>
        )}
        actions={(c) => (
          <button type="button" aria-label={`Change ${c.name}`} onClick={() => setEditing({ kind: 'change', credential: c })}>
            Change
          </button>
        )}
        removal={{
          verb: 'Delete',
          what: (c) => c.name,
          body: 'Steps that use this credential fail until they are given another one. Its secrets are erased; this cannot be undone.',
          confirm: 'Delete credential',
        }}
      />
    </section>
  );
}
