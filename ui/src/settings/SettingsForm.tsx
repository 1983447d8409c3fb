import { useState } from 'react';
import { message } from '../api/client';

/**
 * useSubmit runs a settings form's request: busy while it runs, its
 * failure kept in words (failed sees the failure first).
 */
export function useSubmit() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>, failed?: (err: unknown) => void) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      failed?.(err);
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}
