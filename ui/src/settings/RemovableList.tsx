import { useState, type ReactNode } from 'react';
import { message } from '../api/client';
import { useLoaded } from '../catalog/useLoaded';
import { ConfirmDialog } from '../pages/ConfirmDialog';

/** RemovableList is a loaded list whose items are removed after a confirmation. */
export interface RemovableList<T> {
  list: T[] | null;
  setList: (update: (list: T[] | null) => T[] | null) => void;
  error: string;
  /** removing is the item whose removal waits for a confirmation. */
  removing: T | null;
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
  return { list: data, setList: setData, error, removing, askRemove: setRemoving, remove };
}

/** ListState says what a list cannot show: why it failed, that it loads, or that it is empty. */
export function ListState<T>({ of, empty }: { of: RemovableList<T>; empty?: ReactNode }) {
  return (
    <>
      {of.error && (
        <p className="notice error" role="alert">
          {of.error}
        </p>
      )}
      {of.list === null && !of.error && <p className="muted">Loading…</p>}
      {of.list?.length === 0 && empty}
    </>
  );
}

interface SettingsTableProps<T> {
  columns: string[];
  rows: T[] | null;
  /** row is one item's row: its cells, then its actions. */
  row: (item: T) => ReactNode;
}

/** SettingsTable is a settings list's table, shown once the list has items: the columns, then an actions column. */
export function SettingsTable<T>({ columns, rows, row }: SettingsTableProps<T>) {
  if (!rows || rows.length === 0) return null;
  return (
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
      <tbody>{rows.map(row)}</tbody>
    </table>
  );
}

interface ConfirmRemovalProps<T> {
  of: RemovableList<T>;
  title: (item: T) => string;
  body: string;
  confirm: string;
}

/** ConfirmRemoval asks before the item waiting in a list is removed. */
export function ConfirmRemoval<T>({ of, title, body, confirm }: ConfirmRemovalProps<T>) {
  const item = of.removing;
  if (item === null) return null;
  return (
    <ConfirmDialog
      title={title(item)}
      body={body}
      confirm={confirm}
      onConfirm={() => void of.remove(item)}
      onCancel={() => of.askRemove(null)}
    />
  );
}
