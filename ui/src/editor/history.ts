// Undo and redo of the editor: a bounded list of the states before each
// change. A burst of changes under one key (typing into one field) folds
// into a single step, so one undo takes back the whole word, not a letter.

/** History holds the states to go back to and the states undone. */
export interface History<T> {
  past: T[];
  future: T[];
  limit: number;
  /** Key and time of the last record, to fold a burst of edits into one step. */
  lastKey: string;
  lastAt: number;
}

/** How many steps are kept. */
export const historyLimit = 100;

/** Edits under one key closer than this (ms) fold into one step. */
export const foldWindow = 1000;

export function emptyHistory<T>(limit = historyLimit): History<T> {
  return { past: [], future: [], limit, lastKey: '', lastAt: 0 };
}

/**
 * record keeps before, the state a change is about to leave. A change with
 * the key of the previous one, within foldWindow of it, folds into it; the
 * same state twice in a row (one gesture reported as two changes) is kept once.
 */
export function record<T>(h: History<T>, before: T, key = '', at = 0): History<T> {
  const folds = key !== '' && key === h.lastKey && at - h.lastAt <= foldWindow && h.past.length > 0;
  if (folds || h.past[h.past.length - 1] === before) {
    return { ...h, future: [], lastKey: key, lastAt: at };
  }
  const past = [...h.past, before].slice(-h.limit);
  return { ...h, past, future: [], lastKey: key, lastAt: at };
}

/** undo returns the state to show instead of present, or null when there is none. */
export function undo<T>(h: History<T>, present: T): { history: History<T>; state: T } | null {
  if (h.past.length === 0) return null;
  const state = h.past[h.past.length - 1] as T;
  return {
    state,
    history: { ...h, past: h.past.slice(0, -1), future: [present, ...h.future].slice(0, h.limit), lastKey: '' },
  };
}

/** redo takes back the last undo, or returns null when there is none. */
export function redo<T>(h: History<T>, present: T): { history: History<T>; state: T } | null {
  if (h.future.length === 0) return null;
  const state = h.future[0] as T;
  return {
    state,
    history: { ...h, past: [...h.past, present].slice(-h.limit), future: h.future.slice(1), lastKey: '' },
  };
}

/**
 * changedPath names where b first differs from a: a dotted path to the
 * value that changed, or to the list that gained or lost an item (with
 * "[]"). Edits with the same path fold (typing into one
 * field); adding an item and typing into it are two steps.
 */
export function changedPath(a: unknown, b: unknown, path = ''): string {
  if (Object.is(a, b)) return '';
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}[]`;
  for (const k of keys) {
    const p = changedPath(a[k], b[k], path === '' ? k : `${path}.${k}`);
    if (p !== '') return p;
  }
  return '';
}

/** historyKey tells which history action a key press asks for, if any. */
export function historyKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/** The attribute that marks a part of the page whose text fields are in the editor's history. */
export const historyScope = 'data-history';

/**
 * ownsKeys tells whether the editor's history takes a key press aimed at
 * target: always outside text fields; inside one only when the field's
 * edits are in the history (the step form, the flow name). A search box
 * keeps the browser's own undo.
 */
export function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return true;
  const editable =
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(target.type)) ||
    (target instanceof HTMLElement && target.isContentEditable);
  if (!editable) return true;
  return target.closest(`[${historyScope}]`) !== null;
}
