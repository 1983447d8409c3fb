import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { message } from '../api/client';
import type { Flow, Run } from '../api/types';
import { finished, runsApi } from './api';
import {
  apiQuery,
  filtersToSearch,
  hasFilters,
  noFilters,
  parseFilters,
  rangeProblem,
  runsPath,
  ranges,
  statuses,
  type Range,
  type RunFilters,
} from './filters';
import { formatMs } from './StepDetail';
import { ErrorNotice } from '../pages/Notice';
import './runs.css';

interface Props {
  /** Only this flow's runs (the address /flows/{id}/runs); all flows' without it. */
  flowId?: string;
  navigate: (path: string) => void;
}

/** How often the list refreshes itself when asked to. */
const refreshEvery = 5000;
// autoKey keeps the viewer's choice of auto-refresh, which is on until turned off.
const autoKey = 'hookflow.runs.autoRefresh';

function filtersFromAddress(flowId?: string): RunFilters {
  const f = parseFilters(window.location.search);
  return flowId ? { ...f, flowId } : f;
}

/**
 * RunsList is the run history, newest first, a page at a time, filtered by
 * flow, status, time and a business field; the filters live in the
 * address's query string.
 */
export function RunsList({ flowId, navigate }: Props) {
  const [filters, setFilters] = useState<RunFilters>(() => filtersFromAddress(flowId));
  const [search, setSearch] = useState(filters.q);
  const [flows, setFlows] = useState<Flow[]>([]);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [next, setNext] = useState('');
  const [pages, setPages] = useState(1);
  const [error, setError] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const [auto, setAutoState] = useState(() => localStorage.getItem(autoKey) !== 'off');
  const setAuto = (on: boolean) => {
    localStorage.setItem(autoKey, on ? 'on' : 'off');
    setAutoState(on);
  };
  const basePath = flowId ? `/flows/${encodeURIComponent(flowId)}/runs` : '/runs';
  const problem = rangeProblem(filters);

  useEffect(() => {
    runsApi
      .flows()
      .then(setFlows)
      .catch(() => setFlows([]));
  }, []);
  const names = useMemo(() => new Map(flows.map((f) => [f.id, f.name])), [flows]);

  // Back and forward move between filter sets too.
  useEffect(() => {
    const back = () => {
      const f = filtersFromAddress(flowId);
      setFilters(f);
      setSearch(f.q);
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, [flowId]);

  const apply = (f: RunFilters) => {
    if (flowId && f.flowId !== flowId) {
      // Another flow, or all flows: that is another page.
      navigate(runsPath(f));
      return;
    }
    setFilters(f);
    window.history.replaceState(null, '', basePath + filtersToSearch(f, flowId ?? ''));
  };

  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const load = useCallback(
    async (signal: AbortSignal, refresh: boolean) => {
      try {
        const page = await runsApi.list(apiQuery(filters, new Date()), signal);
        setError('');
        if (refresh && pagesRef.current > 1) {
          setRuns((shown) => mergeFresh(page.items, shown ?? []));
        } else {
          setRuns(page.items);
          setNext(page.next);
          setPages(1);
        }
      } catch (err) {
        if (!signal.aborted) setError(message(err));
      }
    },
    [filters],
  );

  useEffect(() => {
    if (problem) return;
    const ctl = new AbortController();
    setRuns(null);
    void load(ctl.signal, false);
    return () => ctl.abort();
  }, [load, problem]);

  useEffect(() => {
    if (!auto || problem) return;
    const ctl = new AbortController();
    const t = window.setInterval(() => void load(ctl.signal, true), refreshEvery);
    return () => {
      window.clearInterval(t);
      ctl.abort();
    };
  }, [auto, load, problem]);

  const older = async () => {
    setLoadingMore(true);
    try {
      const page = await runsApi.list(apiQuery(filters, new Date(), next));
      setRuns((rs) => [...(rs ?? []), ...page.items.filter((r) => !(rs ?? []).some((s) => s.id === r.id))]);
      setNext(page.next);
      setPages((n) => n + 1);
    } catch (err) {
      setError(message(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const filtered = hasFilters(filters, flowId ?? '');
  const flowName = flowId ? names.get(flowId) : undefined;
  const open = (e: MouseEvent, path: string) => {
    e.preventDefault();
    navigate(path);
  };

  return (
    <main className="page runs-page">
      <header className="page-head">
        {flowId && (
          <button type="button" className="link" onClick={() => navigate(`/flows/${flowId}`)}>
            ← Editor
          </button>
        )}
        <h1 className="ellipsis">{flowId ? `Runs of ${flowName ?? 'this flow'}` : 'Runs'}</h1>
        <span className="spacer" />
        <label className="row small">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          Auto-refresh
        </label>
        <button type="button" onClick={() => void load(new AbortController().signal, false)} disabled={Boolean(problem)}>
          Refresh
        </button>
      </header>

      <form
        className="runs-filters"
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ ...filters, q: search.trim() });
        }}
      >
        <label className="field">
          <span>Flow</span>
          <select value={filters.flowId} onChange={(e) => apply({ ...filters, flowId: e.target.value })}>
            <option value="">All flows</option>
            {filters.flowId && !names.has(filters.flowId) && <option value={filters.flowId}>{filters.flowId}</option>}
            {flows.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={filters.status} onChange={(e) => apply({ ...filters, status: e.target.value as RunFilters['status'] })}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Time</span>
          <select value={filters.range} onChange={(e) => apply({ ...filters, range: e.target.value as Range })}>
            {ranges.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        {filters.range === 'custom' && (
          <>
            <label className="field">
              <span>From</span>
              <input type="datetime-local" value={filters.from} onChange={(e) => apply({ ...filters, from: e.target.value })} />
            </label>
            <label className="field">
              <span>To</span>
              <input type="datetime-local" value={filters.to} onChange={(e) => apply({ ...filters, to: e.target.value })} />
            </label>
          </>
        )}
        <label className="field runs-search">
          <span>Customer, agent or business number</span>
          <input
            type="search"
            value={search}
            placeholder="e.g. +91 98765 43210 or agent@example.com"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="submit">Search</button>
        {filtered && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setSearch('');
              apply({ ...noFilters, flowId: flowId ?? '' });
            }}
          >
            Clear filters
          </button>
        )}
      </form>

      <ErrorNotice error={problem} />
      <ErrorNotice error={error} />
      {runs === null && !error && !problem && <p className="muted">Loading runs…</p>}
      {!problem && runs?.length === 0 &&
        (filtered ? (
          <div className="empty">
            <h2>No runs match these filters</h2>
            <p>Try another status or a wider time range, or clear the filters. A search matches a whole value, such as a full phone number.</p>
          </div>
        ) : (
          <div className="empty">
            <h2>No runs yet</h2>
            <p>A run starts each time a published, active flow is triggered. Send a request to the flow's URL to see one here.</p>
          </div>
        ))}
      {!problem && runs && runs.length > 0 && (
        <table className="table runs-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Flow</th>
              <th>Status</th>
              <th>Version</th>
              <th>Started</th>
              <th>Took</th>
              <th>Fields</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`/runs/${r.id}`} onClick={(e) => open(e, `/runs/${r.id}`)}>
                    <code>{r.id}</code>
                  </a>
                </td>
                <td className="ellipsis runs-flow" title={names.get(r.flowId) ?? r.flowId}>
                  <a href={`/flows/${r.flowId}/runs`} onClick={(e) => open(e, `/flows/${r.flowId}/runs`)}>
                    {names.get(r.flowId) ?? r.flowId}
                  </a>
                </td>
                <td>
                  <span className={`badge run-${r.status}`}>{r.status}</span>
                </td>
                <td>{r.version}</td>
                <td className="small">{new Date(r.createdAt).toLocaleString()}</td>
                <td className="small">{finished(r) ? formatMs(r.durationMs) : '…'}</td>
                <td className="small runs-fields" title={fieldsText(r)}>
                  {fieldsText(r)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!problem && next && runs && runs.length > 0 && (
        <button type="button" className="runs-older" onClick={() => void older()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Older runs'}
        </button>
      )}
    </main>
  );
}

function fieldsText(r: Run): string {
  return Object.entries(r.fields ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

/**
 * mergeFresh puts a refreshed first page over the runs shown when older
 * pages are loaded too: new runs first, shown ones updated in place.
 */
export function mergeFresh(fresh: Run[], shown: Run[]): Run[] {
  const byId = new Map(fresh.map((r) => [r.id, r]));
  const known = new Set(shown.map((r) => r.id));
  return [...fresh.filter((r) => !known.has(r.id)), ...shown.map((r) => byId.get(r.id) ?? r)];
}
