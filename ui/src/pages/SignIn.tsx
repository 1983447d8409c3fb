import { useState, type FormEvent } from 'react';
import { api, message } from '../api/client';
import { ErrorNotice } from './Notice';

/** SignIn takes an API key; the server keeps it in an HTTP-only cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.signIn(key.trim());
      onSignedIn();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} className="card">
        <h1>hookflow</h1>
        <p className="muted">Sign in with an API key. The admin key was printed when hookflow first started.</p>
        <label htmlFor="api-key" className="field-label">
          API key
        </label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="hfk_…"
        />
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
