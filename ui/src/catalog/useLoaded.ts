import { useEffect, useState } from 'react';
import { message } from '../api/client';

/** useLoaded runs a load once and keeps its result or its error in words. */
export function useLoaded<T>(load: () => Promise<T>): { data: T | null; error: string } {
  const [state, setState] = useState<{ data: T | null; error: string }>({ data: null, error: '' });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: '' }),
      (err: unknown) => live && setState({ data: null, error: message(err) }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}
