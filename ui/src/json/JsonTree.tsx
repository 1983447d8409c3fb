import { useState } from 'react';
import { joinPath } from './path';

export interface JsonTreeProps {
  value: unknown;
  /** Prefix of every path, such as "" for a trigger's own data or "trigger" in a later step. */
  rootPath?: string;
  /** Called with the gjson path of the clicked field. */
  onPick?: (path: string) => void;
  /** Levels open at first. */
  openDepth?: number;
  /** Shows only the fields whose key, path or value holds this text (any case), opened. */
  filter?: string;
}

/** JsonTree shows JSON as a collapsible tree; clicking a field gives its path. */
export function JsonTree({ value, rootPath = '', onPick, openDepth = 2, filter = '' }: JsonTreeProps) {
  const q = filter.trim().toLowerCase();
  if (q !== '' && !matches(null, value, rootPath, q)) {
    return <p className="muted small">No field matches “{filter.trim()}”.</p>;
  }
  return (
    <div className="json-tree" role="tree">
      <JsonNode name={null} value={value} path={rootPath} depth={0} onPick={onPick} openDepth={openDepth} filter={q} />
    </div>
  );
}

/** matches says whether a field, or one inside it, holds q in its key, path or value. */
function matches(name: string | number | null, value: unknown, path: string, q: string): boolean {
  if (name !== null && (String(name).toLowerCase().includes(q) || path.toLowerCase().includes(q))) return true;
  if (typeof value === 'object' && value !== null) {
    return entriesOf(value).some(([k, v]) => matches(k, v, joinPath(path, k), q));
  }
  return name !== null && value !== undefined && String(value).toLowerCase().includes(q);
}

interface NodeProps {
  name: string | number | null;
  value: unknown;
  path: string;
  depth: number;
  onPick?: (path: string) => void;
  openDepth: number;
  filter: string;
}

function entriesOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}

function JsonNode({ name, value, path, depth, onPick, openDepth, filter }: NodeProps) {
  const [openState, setOpen] = useState(depth < openDepth);
  const open = openState || filter !== '';
  const isContainer = typeof value === 'object' && value !== null;
  const label =
    name === null ? null : (
      <button
        type="button"
        className="json-key"
        title={onPick ? `Use ${path}` : path}
        onClick={() => onPick?.(path)}
        data-path={path}
      >
        {typeof name === 'number' ? `[${name}]` : name}
      </button>
    );
  if (!isContainer) {
    return (
      <div className="json-row" role="treeitem" aria-selected={false}>
        {label}
        {label && <span className="json-colon">:</span>}
        <Scalar value={value} />
      </div>
    );
  }
  // A container whose own key matches shows all it holds.
  const selfMatch = filter !== '' && name !== null && (String(name).toLowerCase().includes(filter) || path.toLowerCase().includes(filter));
  const all = entriesOf(value);
  const entries = filter === '' || selfMatch ? all : all.filter(([k, v]) => matches(k, v, joinPath(path, k), filter));
  const summary = Array.isArray(value) ? `[${entries.length} items]` : `{${entries.length} fields}`;
  return (
    <div className="json-row json-container" role="treeitem" aria-expanded={open} aria-selected={false}>
      <button
        type="button"
        className="json-toggle"
        aria-label={open ? 'Collapse' : 'Expand'}
        disabled={filter !== ''}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'}
      </button>
      {label}
      {!open && <span className="json-summary">{summary}</span>}
      {open && (
        <div className="json-children" role="group">
          {all.length === 0 && <span className="json-summary">{Array.isArray(value) ? '[]' : '{}'}</span>}
          {entries.map(([k, v]) => (
            <JsonNode
              key={String(k)}
              name={k}
              value={v}
              path={joinPath(path, k)}
              depth={depth + 1}
              onPick={onPick}
              openDepth={openDepth}
              filter={selfMatch ? '' : filter}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="json-string">"{value}"</span>;
  if (typeof value === 'number') return <span className="json-number">{value}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span className="json-null">null</span>;
}
