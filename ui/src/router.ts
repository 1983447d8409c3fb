import { useCallback, useEffect, useRef, useState } from 'react';

/** Route is a parsed studio address. */
export type Route =
  | { page: 'flows' }
  | { page: 'overview' }
  | { page: 'editor'; flowId: string }
  | { page: 'runs'; flowId?: string }
  | { page: 'run'; runId: string }
  | { page: 'webhooks' }
  | { page: 'webhook'; webhookId: string }
  | { page: 'settings'; tab: string };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'flows':
      if (!parts[1]) return { page: 'flows' };
      return parts[2] === 'runs' ? { page: 'runs', flowId: parts[1] } : { page: 'editor', flowId: parts[1] };
    case 'overview':
      return { page: 'overview' };
    case 'runs':
      return parts[1] ? { page: 'run', runId: parts[1] } : { page: 'runs' };
    case 'webhooks':
      return parts[1] ? { page: 'webhook', webhookId: parts[1] } : { page: 'webhooks' };
    case 'settings':
      return { page: 'settings', tab: parts[1] ?? '' };
  }
  return { page: 'flows' };
}

/** pageTitle is the browser tab's title for a route; the editor puts its flow's name there instead. */
export function pageTitle(route: Route): string {
  const titles: Record<Route['page'], string> = {
    flows: 'Flows',
    overview: 'Overview',
    editor: 'Flow',
    runs: 'Runs',
    run: 'Run',
    webhooks: 'Webhooks',
    webhook: 'Webhook',
    settings: 'Settings',
  };
  return `${titles[route.page]} · hookflow`;
}

let leaveGuard: (() => boolean) | null = null;

/**
 * guardLeaving makes every change of page ask guard first, by a link, a
 * button or the browser's back and forward buttons; a false answer stays.
 * The editor sets one while it has unsaved changes. null removes it.
 */
export function guardLeaving(guard: (() => boolean) | null) {
  leaveGuard = guard;
}

/** useRoute follows the address bar; navigate changes it without a reload. */
export function useRoute(): [Route, (path: string) => void] {
  const [path, setPath] = useState(window.location.pathname + window.location.search);
  const shown = useRef(path);
  shown.current = path;
  useEffect(() => {
    const back = () => {
      if (leaveGuard && !leaveGuard()) {
        window.history.pushState(null, '', shown.current); // the address goes back to the page still shown
        return;
      }
      setPath(window.location.pathname + window.location.search);
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  const navigate = useCallback((to: string) => {
    if (leaveGuard && !leaveGuard()) return;
    window.history.pushState(null, '', to);
    setPath(to);
  }, []);
  return [parseRoute(path.split('?')[0] ?? '/'), navigate];
}
