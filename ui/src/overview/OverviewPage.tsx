import { useEffect, useState } from 'react';
import { message } from '../api/client';
import { InAppLink } from '../pages/InAppLink';
import { noFilters, runsPath } from '../runs/filters';
import { statsApi, type FlowStats, type FlowStatsReport, type StatsWindow, type WebhookStats, type WebhookStatsReport } from './api';
import { formatMs, percent, type Formats } from './chart';
import { RateChart, RateLegend, RunsChart, RunsLegend } from './Charts';
import './overview.css';

interface Props {
  navigate: (path: string) => void;
}

const windows: { value: StatsWindow; label: string; long: string }[] = [
  { value: '24h', label: '24 hours', long: 'the last 24 hours' },
  { value: '7d', label: '7 days', long: 'the last 7 days' },
];

type Data = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; flows: FlowStatsReport; webhooks: WebhookStatsReport };

/** OverviewPage charts every flow's runs per hour and every outbound webhook's delivery success rate. */
export function OverviewPage({ navigate }: Props) {
  const [span, setSpan] = useState<StatsWindow>('24h');
  const [data, setData] = useState<Data>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    setData({ state: 'loading' });
    Promise.all([statsApi.flows(span, ctl.signal), statsApi.webhooks(span, ctl.signal)])
      .then(([flows, webhooks]) => setData({ state: 'ready', flows, webhooks }))
      .catch((err) => {
        if (!ctl.signal.aborted) setData({ state: 'error', message: message(err) });
      });
    return () => ctl.abort();
  }, [span, attempt]);

  const w = windows.find((x) => x.value === span) ?? windows[0]!;
  const formats: Formats = { withDay: span === '7d' };
  return (
    <main className="page overview">
      <header className="page-head">
        <h1>Overview</h1>
        <span className="spacer" />
        <fieldset className="segmented">
          <legend className="sr-only">Time window</legend>
          {windows.map((x) => (
            <label key={x.value}>
              <input type="radio" name="window" value={x.value} checked={span === x.value} onChange={() => setSpan(x.value)} />
              <span>{x.label}</span>
            </label>
          ))}
        </fieldset>
      </header>
      {data.state === 'loading' && <p className="muted">Loading…</p>}
      {data.state === 'error' && (
        <div className="notice error" role="alert">
          <p>The statistics could not be loaded: {data.message}</p>
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {data.state === 'ready' && (
        <>
          <FlowsSection flows={data.flows.flows} span={span} windowLabel={w.long} formats={formats} navigate={navigate} />
          <WebhooksSection webhooks={data.webhooks.webhooks} windowLabel={w.long} formats={formats} navigate={navigate} />
        </>
      )}
    </main>
  );
}

interface FlowsSectionProps {
  flows: FlowStats[];
  span: StatsWindow;
  windowLabel: string;
  formats: Formats;
  navigate: (path: string) => void;
}

function FlowsSection({ flows, span, windowLabel, formats, navigate }: FlowsSectionProps) {
  const ran = flows.some((f) => f.totals.total > 0);
  return (
    <section aria-labelledby="overview-flows">
      <div className="section-head">
        <h2 id="overview-flows">Runs per hour</h2>
        {ran && <RunsLegend />}
      </div>
      {flows.length === 0 && (
        <div className="empty">
          <h3>No flows yet</h3>
          <p>
            Charts of runs appear here once a flow exists and runs.{' '}
            <a
              href="/"
              onClick={(e) => {
                e.preventDefault();
                navigate('/');
              }}
            >
              Create a flow
            </a>
            .
          </p>
        </div>
      )}
      {flows.length > 0 && !ran && (
        <p className="empty">No flow ran in {windowLabel}. Runs appear here as soon as a flow's webhook or event trigger starts one.</p>
      )}
      {ran && (
        <ul className="chart-list">
          {flows.map((f) => (
            <FlowCard key={f.flowId} flow={f} span={span} windowLabel={windowLabel} formats={formats} navigate={navigate} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FlowCard({
  flow,
  span,
  windowLabel,
  formats,
  navigate,
}: {
  flow: FlowStats;
  span: StatsWindow;
  windowLabel: string;
  formats: Formats;
  navigate: (path: string) => void;
}) {
  const flowRuns = runsPath({ ...noFilters, flowId: flow.flowId });
  const failedRuns = runsPath({ ...noFilters, flowId: flow.flowId, status: 'failed', range: span });
  const name = flow.name || flow.flowId;
  const t = flow.totals;
  return (
    <li className="chart-card">
      <header>
        <h3 className="chart-title">
          <InAppLink to={flowRuns} navigate={navigate}>
            {name}
          </InAppLink>
        </h3>
        <dl className="figures">
          <div>
            <dt>Runs</dt>
            <dd>{t.total}</dd>
          </div>
          <div>
            <dt>Failed</dt>
            <dd className={t.failed ? 'bad' : undefined}>
              {t.failed ? (
                <InAppLink to={failedRuns} navigate={navigate} aria-label={`${t.failed} failed run(s) of ${name} in ${windowLabel}`}>
                  {t.failed}
                </InAppLink>
              ) : (
                0
              )}
            </dd>
          </div>
          <div>
            <dt>p50</dt>
            <dd>{formatMs(flow.p50Ms)}</dd>
          </div>
          <div>
            <dt>p95</dt>
            <dd>{formatMs(flow.p95Ms)}</dd>
          </div>
        </dl>
      </header>
      {t.total === 0 ? (
        <p className="muted small chart-empty">No runs in {windowLabel}.</p>
      ) : (
        <RunsChart name={name} windowLabel={windowLabel} buckets={flow.buckets} formats={formats} onClick={() => navigate(flowRuns)} />
      )}
    </li>
  );
}

interface WebhooksSectionProps {
  webhooks: WebhookStats[];
  windowLabel: string;
  formats: Formats;
  navigate: (path: string) => void;
}

function WebhooksSection({ webhooks, windowLabel, formats, navigate }: WebhooksSectionProps) {
  return (
    <section aria-labelledby="overview-webhooks">
      <div className="section-head">
        <h2 id="overview-webhooks">Outbound webhooks: delivery success rate</h2>
        {webhooks.some((w) => w.totals.total > 0) && <RateLegend />}
      </div>
      {webhooks.length === 0 ? (
        <div className="empty">
          <h3>No outbound webhooks</h3>
          <p>
            When another system registers a URL for platform events (POST /v2/webhook/register), its deliveries and their
            success rate show here.
          </p>
        </div>
      ) : (
        <ul className="chart-list">
          {webhooks.map((w) => {
            const path = `/webhooks/${encodeURIComponent(w.id)}`;
            const name = w.name || w.url;
            return (
              <li key={w.id} className="chart-card">
                <header>
                  <h3 className="chart-title">
                    <a
                      href={path}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(path);
                      }}
                    >
                      {name}
                    </a>
                    {w.status !== 'active' && <span className="badge status-paused">{w.status}</span>}
                  </h3>
                  <dl className="figures">
                    <div>
                      <dt>Delivered</dt>
                      <dd>{w.successRate === null ? '—' : percent(w.successRate)}</dd>
                    </div>
                    <div>
                      <dt>Succeeded</dt>
                      <dd>{w.totals.succeeded}</dd>
                    </div>
                    <div>
                      <dt>Failed</dt>
                      <dd className={w.totals.failed ? 'bad' : undefined}>{w.totals.failed}</dd>
                    </div>
                    <div>
                      <dt>Pending</dt>
                      <dd>{w.totals.pending}</dd>
                    </div>
                  </dl>
                </header>
                <p className="muted small url">{w.url}</p>
                {w.totals.total === 0 ? (
                  <p className="muted small chart-empty">No deliveries in {windowLabel}.</p>
                ) : (
                  <RateChart name={name} windowLabel={windowLabel} buckets={w.buckets} formats={formats} />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
