import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { JsonTree } from '../json/JsonTree';
import { useMapping } from './MappingContext';
import { ErrorNotice } from '../pages/Notice';
import './mapping.css';

/**
 * How a picked path goes into the field: a {{ path }} template at the
 * cursor, the path alone in place of the field's value, or the bare path at
 * the cursor of an expression.
 */
export type InsertMode = 'template' | 'path' | 'expression';

interface Props {
  /** The field's label, to name the button and the popover. */
  label: string;
  mode: InsertMode;
  target: RefObject<HTMLInputElement | HTMLTextAreaElement | null>;
  value: string;
  onChange: (next: string) => void;
}

/** insertText puts what was picked into value between start and end, or in place of it; it returns the text and the caret. */
export function insertText(value: string, path: string, mode: InsertMode, start: number, end: number): [string, number] {
  if (mode === 'path') return [path, path.length];
  const ins = mode === 'template' ? `{{ ${path} }}` : path;
  return [value.slice(0, start) + ins + value.slice(end), start + ins.length];
}

/**
 * InsertField is the "Insert field" button beside a field and its popover:
 * the samples of the trigger and of the steps before this one as trees to
 * search, where a click on a field inserts its path.
 */
export function InsertField({ label, mode, target, value, onChange }: Props) {
  const m = useMapping();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const selection = useRef<[number, number]>([value.length, value.length]);
  const caret = useRef<number | null>(null);
  const popoverId = useId();

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  useLayoutEffect(() => {
    const el = target.current;
    if (caret.current === null || !el) return;
    el.focus();
    el.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [value, target]);

  if (!m) return null;

  const toggle = () => {
    const el = target.current;
    if (!open && el) {
      // The field keeps its selection while the popover has the focus.
      const start = el.selectionStart ?? el.value.length;
      selection.current = [start, el.selectionEnd ?? start];
    }
    if (!open) m.reload();
    setOpen(!open);
    setQuery('');
  };
  const pick = (path: string) => {
    const [start, end] = selection.current;
    const [next, at] = insertText(value, path, mode, Math.min(start, value.length), Math.min(end, value.length));
    caret.current = at;
    setOpen(false);
    onChange(next);
    if (next === value) {
      target.current?.focus();
      caret.current = null;
    }
  };
  const keys = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setOpen(false);
    button.current?.focus();
  };
  const sources = m.data.sources;
  return (
    <div className="insert-field" ref={box} onKeyDown={keys}>
      <button
        ref={button}
        type="button"
        className="insert-button"
        aria-label="Insert field"
        aria-describedby={`${popoverId}-for`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        title="Insert a field of the sample data"
        onClick={toggle}
      >
        {'{ }'}
      </button>
      {/* The button's name is the same beside every field, so that it never
          matches a search by the field's label; its description names the field. */}
      <span id={`${popoverId}-for`} hidden>
        {label}
      </span>
      {open && (
        <div className="insert-popover" role="dialog" aria-label="Fields to insert" aria-describedby={`${popoverId}-for`} id={popoverId}>
          <input
            type="search"
            aria-label="Search fields"
            placeholder="Search fields and values"
            // The popover opens on a click meant to search it.
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <p className="field-help">
            {mode === 'path' ? 'Click a field to use its path.' : 'Click a field to insert it at the cursor.'} Escape closes.
          </p>
          <ErrorNotice error={m.error} />
          {sources.length === 0 && <p className="muted small">No step runs before this one, so there is nothing to insert yet.</p>}
          {sources.map((s) => (
            <details key={s.root} open className="insert-source">
              <summary>
                {s.label} {s.root && <code className="small">{s.root}</code>}
              </summary>
              {s.data === undefined ? (
                <p className="muted small">{s.empty}</p>
              ) : (
                <JsonTree value={s.data} rootPath={s.root} onPick={pick} openDepth={s.root === '' ? 2 : 1} search={query} />
              )}
            </details>
          ))}
        </div>
      )}
    </div>
  );
}
