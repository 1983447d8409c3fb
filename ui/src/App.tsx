import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, message, onSignedOut } from './api/client';
import type { NodeSpec } from './api/types';
import { Editor } from './editor/Editor';
import { FlowsList } from './pages/FlowsList';
import { Layout } from './pages/Layout';
import { OverviewPage } from './overview/OverviewPage';
import { SettingsPage } from './settings/SettingsPage';
import { WebhookDetail } from './webhooks/WebhookDetail';
import { WebhooksPage } from './webhooks/WebhooksPage';
import { SignIn } from './pages/SignIn';
import { pageTitle, useRoute, type Route } from './router';
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
    if (route.page !== 'editor') document.title = pageTitle(route); // the editor names its flow
  }, [route]);
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
  if (route.page === 'editor') {
    return <Editor key={route.flowId} flowId={route.flowId} specs={session.specs} navigate={navigate} />;
  }
  return (
    <Layout route={route} navigate={navigate} onSignOut={() => void signOut()}>
      {page(route, session.specs, navigate)}
    </Layout>
  );
}

function page(route: Route, specs: NodeSpec[], navigate: (path: string) => void) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage navigate={navigate} />;
    case 'runs':
      return <RunsList key={route.flowId ?? ''} flowId={route.flowId} navigate={navigate} />;
    case 'run':
      return <RunDetail key={route.runId} runId={route.runId} specs={specs} navigate={navigate} />;
    case 'webhooks':
      return <WebhooksPage navigate={navigate} />;
    case 'webhook':
      return <WebhookDetail key={route.webhookId} webhookId={route.webhookId} navigate={navigate} />;
    case 'settings':
      return <SettingsPage tab={route.tab} navigate={navigate} />;
    default:
      return <FlowsList specs={specs} navigate={navigate} />;
  }
}
