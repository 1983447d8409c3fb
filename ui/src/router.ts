import { useCallback, useEffect, useState } from 'react';

/** Route is a parsed studio address. */
export type Route =
  | { page: 'flows' }
  | { page: 'editor'; flowId: string }
  | { page: 'runs'; flowId: string }
  | { page: 'run'; runId: string };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'flows' && parts[1]) {
    return parts[2] === 'runs' ? { page: 'runs', flowId: parts[1] } : { page: 'editor', flowId: parts[1] };
  }
  if (parts[0] === 'runs' && parts[1]) return { page: 'run', runId: parts[1] };
  return { page: 'flows' };
}

/** useRoute follows the address bar; navigate changes it without a reload. */
export function useRoute(): [Route, (path: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const back = () => setPath(window.location.pathname);
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  const navigate = useCallback((to: string) => {
    window.history.pushState(null, '', to);
    setPath(to);
  }, []);
  return [parseRoute(path), navigate];
}
