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
  /** Show only the fields whose key or value holds this text, opened. */
  search?: string;
  /** Show each value's JSON type. */
  showTypes?: boolean;
}

/** JsonTree shows JSON as a collapsible tree; clicking a field gives its path. */
export function JsonTree({ value, rootPath = '', onPick, openDepth = 2, search = '', showTypes = false }: JsonTreeProps) {
  const query = search.trim().toLowerCase();
  if (query !== '' && !hits(null, value, query)) {
    return <p className="muted small">No field or value holds “{search.trim()}”.</p>;
  }
  return (
    <div className="json-tree" role="tree">
      <JsonNode
        name={null}
        value={value}
        path={rootPath}
        depth={0}
        onPick={onPick}
        openDepth={openDepth}
        query={query}
        types={showTypes}
      />
    </div>
  );
}

interface NodeProps {
  name: string | number | null;
  value: unknown;
  path: string;
  depth: number;
  onPick?: (path: string) => void;
  openDepth: number;
  /** Lower-case search text; empty shows everything. */
  query: string;
  types: boolean;
}

/** hits tells whether a field's key, its value or a field inside it holds query. */
function hits(name: string | number | null, value: unknown, query: string): boolean {
  if (name !== null && String(name).toLowerCase().includes(query)) return true;
  if (typeof value === 'object' && value !== null) return entriesOf(value).some(([k, v]) => hits(k, v, query));
  return String(value).toLowerCase().includes(query);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function entriesOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return [];
}

function JsonNode({ name, value, path, depth, onPick, openDepth, query, types }: NodeProps) {
  const [userOpen, setOpen] = useState(depth < openDepth);
  const isContainer = typeof value === 'object' && value !== null;
  // While searching, a field whose key matches shows all it holds;
  // otherwise only what matches shows, opened.
  const keyHit = query !== '' && name !== null && String(name).toLowerCase().includes(query);
  const forcedOpen = query !== '' && !keyHit;
  const open = forcedOpen || userOpen;
  const childQuery = keyHit ? '' : query;
  const typeTag = types ? <span className="json-type">{typeOf(value)}</span> : null;
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
        {typeTag}
      </div>
    );
  }
  const entries = entriesOf(value);
  const summary = Array.isArray(value) ? `[${entries.length} items]` : `{${entries.length} fields}`;
  return (
    <div className="json-row json-container" role="treeitem" aria-expanded={open} aria-selected={false}>
      <button
        type="button"
        className="json-toggle"
        aria-label={open ? 'Collapse' : 'Expand'}
        disabled={forcedOpen}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'}
      </button>
      {label}
      {!open && <span className="json-summary">{summary}</span>}
      {typeTag}
      {open && (
        <div className="json-children" role="group">
          {entries.length === 0 && <span className="json-summary">{Array.isArray(value) ? '[]' : '{}'}</span>}
          {entries
            .filter(([k, v]) => childQuery === '' || hits(k, v, childQuery))
            .map(([k, v]) => (
              <JsonNode
                key={String(k)}
                name={k}
                value={v}
                path={joinPath(path, k)}
                depth={depth + 1}
                onPick={onPick}
                openDepth={openDepth}
                query={childQuery}
                types={types}
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
