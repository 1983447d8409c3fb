import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, message, onSignedOut } from './api/client';
import type { NodeSpec } from './api/types';
import { Editor } from './editor/Editor';
import { FlowsList } from './pages/FlowsList';
import { SignIn } from './pages/SignIn';
import { useRoute } from './router';
import { RunDetail } from './runs/RunDetail';
import { RunsList } from './runs/RunsList';

type Session = { state: 'checking' } | { state: 'signedOut' } | { state: 'signedIn'; specs: NodeSpec[] } | { state: 'error'; message: string };

/** App checks the session, then shows the page the address names. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [route, navigate] = useRoute();

  const load = useCallback(async () => {
    try {
      setSession({ state: 'signedIn', specs: await api.nodeTypes() });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setSession({ state: 'signedOut' });
      else setSession({ state: 'error', message: message(err) });
    }
  }, []);
  useEffect(() => {
    void load();
    return onSignedOut(() => setSession({ state: 'signedOut' }));
  }, [load]);

  switch (session.state) {
    case 'checking':
      return <main className="page muted">Loading…</main>;
    case 'error':
      return (
        <main className="page">
          <p className="notice error">{session.message}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </main>
      );
    case 'signedOut':
      return <SignIn onSignedIn={() => void load()} />;
  }
  const signOut = async () => {
    await api.signOut().catch(() => null);
    setSession({ state: 'signedOut' });
  };
  switch (route.page) {
    case 'editor':
      return <Editor key={route.flowId} flowId={route.flowId} specs={session.specs} navigate={navigate} />;
    case 'runs':
      return <RunsList flowId={route.flowId} navigate={navigate} />;
    case 'run':
      return <RunDetail runId={route.runId} navigate={navigate} />;
    default:
      return <FlowsList specs={session.specs} navigate={navigate} onSignOut={() => void signOut()} />;
  }
}
