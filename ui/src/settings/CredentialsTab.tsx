import { useCallback, useState } from 'react';
import type { Credential, CredentialType, CredentialUse } from './api';
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
  // uses are the flows that use the credential asked to be deleted, once read.
  const [uses, setUses] = useState<{ id: string; items: CredentialUse[] | 'unknown' } | null>(null);
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
  const askDelete = (c: Credential) => {
    setUses(null);
    credentials.askRemove(c);
    settingsApi
      .credentialUses(c.id)
      .then((items) => setUses({ id: c.id, items }))
      .catch(() => setUses({ id: c.id, items: 'unknown' }));
  };

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
          ask: askDelete,
          body: (c) => <UsesWarning uses={uses?.id === c.id ? uses.items : null} />,
          confirm: 'Delete credential',
        }}
      />
    </section>
  );
}

/** UsesWarning says, in the delete dialog, which flows would lose the credential. */
function UsesWarning({ uses }: { uses: CredentialUse[] | 'unknown' | null }) {
  const erased = 'Its secrets are erased; this cannot be undone.';
  if (uses === null) return <p className="muted">Checking which flows use it…</p>;
  if (uses === 'unknown') return <p>Steps that use this credential fail until they are given another one. {erased}</p>;
  if (uses.length === 0) return <p>No flow uses it. {erased}</p>;
  return (
    <>
      <p>
        <strong>{uses.length === 1 ? '1 flow uses it' : `${uses.length} flows use it`}</strong>; these steps fail at their next run until
        they are given another credential:
      </p>
      <ul className="uses">
        {uses.map((u) => (
          <li key={u.flowId}>
            <a href={`/flows/${encodeURIComponent(u.flowId)}`} target="_blank" rel="noopener">
              {u.flowName}
            </a>{' '}
            ({u.steps.length === 1 ? 'step' : 'steps'} {u.steps.join(', ')})
          </li>
        ))}
      </ul>
      <p>{erased}</p>
    </>
  );
}
