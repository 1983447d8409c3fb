import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { Credential, CredentialField, CredentialInput, CredentialType } from './api';
import { settingsApi } from './api';
import { Labeled } from '../webhooks/Labeled';
import { ErrorNotice } from '../pages/Notice';
import { useSubmit } from './SettingsForm';

interface Props {
  types: CredentialType[];
  /** The credential being changed; a new one without it. */
  existing?: Credential;
  onSaved: (c: Credential) => void;
  onCancel: () => void;
}

function applies(f: CredentialField, values: Record<string, string>): boolean {
  return !f.when || f.when.equals.includes(values[f.when.field] ?? '');
}

function defaults(t: CredentialType | undefined, existing?: Credential): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of t?.fields ?? []) {
    if (f.secret || f.derived) continue;
    values[f.name] = existing?.fields[f.name] ?? f.default ?? '';
  }
  return values;
}

/** inputOf is what is sent: the fields that apply, without derived ones and without secrets left empty (kept). */
export function inputOf(name: string, t: CredentialType, values: Record<string, string>): CredentialInput {
  const fields: Record<string, string> = {};
  for (const f of t.fields) {
    if (f.derived || !applies(f, values)) continue;
    const v = values[f.name] ?? '';
    if (f.secret && v === '') continue;
    fields[f.name] = v;
  }
  return { name: name.trim(), type: t.type as CredentialInput['type'], fields };
}

/**
 * CredentialForm adds or changes a credential from its type's fields. Secret
 * fields are password inputs that start empty: the server never sends a
 * secret back, only that it is set, and an empty one keeps its value.
 */
export function CredentialForm({ types, existing, onSaved, onCancel }: Props) {
  const id = useId();
  const [typeName, setTypeName] = useState(existing?.type ?? types[0]?.type ?? '');
  const type = types.find((t) => t.type === typeName);
  const [name, setName] = useState(existing?.name ?? '');
  const [values, setValues] = useState<Record<string, string>>(() => defaults(type, existing));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const { error, setError, busy, run } = useSubmit();

  const chooseType = (t: string) => {
    setTypeName(t);
    setValues(defaults(types.find((x) => x.type === t)));
    setProblems({});
  };
  const isSet = (f: CredentialField) => existing?.secrets[f.name] === 'set';

  const check = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Give the credential a name, such as "HubSpot production".';
    for (const f of type?.fields ?? []) {
      if (!f.required || f.derived || !applies(f, values)) continue;
      if ((values[f.name] ?? '').trim() === '' && !(f.secret && isSet(f))) found[f.name] = `${f.label} is required.`;
    }
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (!type) return;
    const found = check();
    setProblems(found);
    if (Object.keys(found).length) return;
    await run(
      async () => {
        const input = inputOf(name, type, values);
        const saved = existing ? await settingsApi.updateCredential(existing.id, input) : await settingsApi.createCredential(input);
        setValues(defaults(type, saved));
        onSaved(saved);
      },
      (err) => {
        if (err instanceof ApiError && err.problems.length) {
          setProblems(Object.fromEntries(err.problems.map((p) => [p.field, p.message])));
        }
      },
    );
  };

  const problemOf = (field: string) =>
    problems[field] && (
      <p className="field-problem" id={`${id}-${field}-problem`}>
        {problems[field]}
      </p>
    );
  const invalid = (field: string) => ({
    'aria-invalid': problems[field] ? true : undefined,
    'aria-describedby': problems[field] ? `${id}-${field}-problem` : undefined,
  });

  return (
    <form
      className="settings-form"
      aria-label={existing ? `Change ${existing.name}` : 'New credential'}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h2>{existing ? `Change ${existing.name}` : 'New credential'}</h2>
      <div className="settings-grid">
        <Labeled label="Name" after={problemOf('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} {...invalid('name')} />
        </Labeled>
        <Labeled label="Type" after={type?.help && <span className="field-help">{type.help}</span>}>
          <select value={typeName} disabled={!!existing} onChange={(e) => chooseType(e.target.value)}>
            {types.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </Labeled>
      </div>
      <div className="settings-grid">
        {(type?.fields ?? [])
          .filter((f) => !f.derived && applies(f, values))
          .map((f) => (
            <div className="field" key={f.name}>
              <label className={f.required ? 'field-label req' : 'field-label'} htmlFor={`${id}-${f.name}`}>
                {f.label}
              </label>
              {f.options?.length ? (
                <select
                  id={`${id}-${f.name}`}
                  value={values[f.name] ?? ''}
                  required={f.required}
                  onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  {...invalid(f.name)}
                >
                  {!f.required && <option value="">—</option>}
                  {f.options.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${id}-${f.name}`}
                  type={f.secret ? 'password' : f.url ? 'url' : 'text'}
                  autoComplete={f.secret ? 'new-password' : 'off'}
                  className={f.secret || f.multiline ? 'mono' : undefined}
                  required={f.required && !(f.secret && isSet(f))}
                  placeholder={f.secret && isSet(f) ? 'set — leave empty to keep it' : f.default}
                  value={values[f.name] ?? ''}
                  onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  {...invalid(f.name)}
                />
              )}
              {f.secret && isSet(f) && (
                <span className="small">
                  <span className="badge secret-set">set</span> A value is stored; type a new one only to replace it.
                </span>
              )}
              {f.help && <span className="field-help">{f.help}</span>}
              {f.secret && <span className="field-help">Stored encrypted; never shown again.</span>}
              {problemOf(f.name)}
            </div>
          ))}
      </div>
      <ErrorNotice error={error} />
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy || !type}>
          {existing ? 'Save changes' : 'Save credential'}
        </button>
      </div>
    </form>
  );
}
