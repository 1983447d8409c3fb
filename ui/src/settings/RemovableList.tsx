import { useState, type ReactNode } from 'react';
import { message } from '../api/client';
import { useLoaded } from '../catalog/useLoaded';
import { ConfirmDialog } from '../pages/ConfirmDialog';
import { ErrorNotice } from '../pages/Notice';

/** RemovableList is a loaded list whose items are removed after a confirmation. */
export interface RemovableList<T> {
  list: T[] | null;
  setList: (update: (list: T[] | null) => T[] | null) => void;
  error: string;
  /** removing is the item whose removal waits for a confirmation. */
  removing: T | null;
  /** id tells the items apart. */
  id: (item: T) => string;
  askRemove: (item: T | null) => void;
  remove: (item: T) => Promise<void>;
}

/**
 * useRemovableList loads a list once and removes an item from it (on the
 * server, then on screen) once asked and confirmed; a failure is kept in
 * words. load must keep its identity between renders.
 */
export function useRemovableList<T>(
  load: () => Promise<T[]>,
  id: (item: T) => string,
  del: (item: T) => Promise<unknown>,
): RemovableList<T> {
  const { data, error, setData, setError } = useLoaded(load);
  const [removing, setRemoving] = useState<T | null>(null);
  const remove = async (item: T) => {
    setRemoving(null);
    setError('');
    try {
      await del(item);
      setData((l) => (l ?? []).filter((x) => id(x) !== id(item)));
    } catch (err) {
      setError(message(err));
    }
  };
  return { list: data, setList: setData, error, removing, id, askRemove: setRemoving, remove };
}

/** ListState says what a list cannot show: why it failed, that it loads, or that it is empty. */
export function ListState<T>({ of, empty }: { of: RemovableList<T>; empty?: ReactNode }) {
  return (
    <>
      <ErrorNotice error={of.error} />
      {of.list === null && !of.error && <p className="muted">Loading…</p>}
      {of.list?.length === 0 && empty}
    </>
  );
}

interface Removal<T> {
  /** verb is the remove button's text, such as Remove or Revoke. */
  verb: string;
  /** what names an item in the button's accessible name and the question. */
  what: (item: T) => string;
  body: ReactNode | ((item: T) => ReactNode);
  confirm: string;
  /** ask replaces asking for a confirmation, for items that cannot be removed. */
  ask?: (item: T) => void;
}

interface SettingsTableProps<T> {
  of: RemovableList<T>;
  columns: string[];
  /** cells are an item's cells before its actions. */
  cells: (item: T) => ReactNode;
  /** actions are an item's buttons before its remove button. */
  actions?: (item: T) => ReactNode;
  removal: Removal<T>;
}

/**
 * SettingsTable is a settings list's table, shown once the list has items:
 * a row an item, each with a remove button that asks before removing.
 */
export function SettingsTable<T>({ of, columns, cells, actions, removal }: SettingsTableProps<T>) {
  const { verb, what, ask = of.askRemove } = removal;
  const item = of.removing;
  return (
    <>
      {of.list && of.list.length > 0 && (
        <table className="table settings-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {of.list.map((x) => (
              <tr key={of.id(x)}>
                {cells(x)}
                <td className="actions">
                  {actions?.(x)}
                  <button type="button" className="danger" aria-label={`${verb} ${what(x)}`} onClick={() => ask(x)}>
                    {verb}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {item !== null && (
        <ConfirmDialog
          title={`${verb} ${what(item)}?`}
          body={typeof removal.body === 'function' ? removal.body(item) : removal.body}
          confirm={removal.confirm}
          onConfirm={() => void of.remove(item)}
          onCancel={() => of.askRemove(null)}
        />
      )}
    </>
  );
}
