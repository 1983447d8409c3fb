import { useEffect, useState } from 'react';
import { message } from '../api/client';

export interface Loaded<T> {
  /** data is what was loaded; null while it loads or when it could not be. */
  data: T | null;
  /** error is why the load, or a later change, failed, in words. */
  error: string;
  setData: (update: (data: T | null) => T | null) => void;
  setError: (error: string) => void;
}

/**
 * useLoaded runs a load once (again when load changes) and keeps its
 * result or its error in words; load must keep its identity between
 * renders (a module function, or one made with useCallback).
 */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    load().then(
      (d) => {
        if (!live) return;
        setData(() => d);
        setError('');
      },
      (err: unknown) => {
        if (!live) return;
        setData(null);
        setError(message(err));
      },
    );
    return () => {
      live = false;
    };
  }, [load]);
  return { data, error, setData, setError };
}
