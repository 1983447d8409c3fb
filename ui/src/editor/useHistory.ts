import { useCallback, useRef, useState } from 'react';
import { emptyHistory, record, redo as redoOf, undo as undoOf, type History } from './history';

/**
 * useHistory keeps the undo history of a value the caller holds. remember
 * is called just before a change; undo and redo return the value to show,
 * or null when there is none.
 */
export function useHistory<T>(current: T) {
  const latest = useRef(current);
  latest.current = current;
  const hist = useRef<History<T>>(emptyHistory<T>());
  const [, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);

  const remember = useCallback((key = '', before?: T) => {
    hist.current = record(hist.current, before ?? latest.current, key, Date.now());
    changed();
  }, []);
  const undo = useCallback((): T | null => {
    const r = undoOf(hist.current, latest.current);
    if (!r) return null;
    hist.current = r.history;
    changed();
    return r.state;
  }, []);
  const redo = useCallback((): T | null => {
    const r = redoOf(hist.current, latest.current);
    if (!r) return null;
    hist.current = r.history;
    changed();
    return r.state;
  }, []);
  const reset = useCallback(() => {
    hist.current = emptyHistory<T>();
    changed();
  }, []);
  return {
    remember,
    undo,
    redo,
    reset,
    canUndo: hist.current.past.length > 0,
    canRedo: hist.current.future.length > 0,
    /** The value as of this render, for a change that remembers it later (a drag). */
    latest,
  };
}
