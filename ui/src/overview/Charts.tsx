import type { ReactNode } from 'react';
import type { DeliveryBucket, RunBucket } from './api';
import { percent, rateBars, runBars, runStatuses, timeTicks, type Formats, type Plot } from './chart';

// Every chart has the same frame: a scale on the left, hours along the bottom.
const frame = { width: 720, height: 150, left: 36, top: 8, bottom: 20 };
const plot: Plot = { width: frame.width - frame.left - 4, height: frame.height - frame.top - frame.bottom };

interface FrameProps {
  label: string;
  starts: string[];
  formats: Formats;
  top: string;
  bottom?: string;
  onClick?: () => void;
  children: ReactNode;
}

/** ChartFrame draws the axes and puts children in the plot area. */
function ChartFrame({ label, starts, formats, top, bottom = '0', onClick, children }: FrameProps) {
  const ticks = timeTicks(starts, plot, formats);
  return (
    <svg
      className={onClick ? 'chart clickable' : 'chart'}
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      role="group"
      aria-label={label}
      onClick={onClick}
    >
      <g className="axis" aria-hidden="true">
        <text x={frame.left - 6} y={frame.top + 4} textAnchor="end">
          {top}
        </text>
        <text x={frame.left - 6} y={frame.top + plot.height} textAnchor="end">
          {bottom}
        </text>
        <line x1={frame.left} x2={frame.left + plot.width} y1={frame.top + plot.height + 0.5} y2={frame.top + plot.height + 0.5} />
        <line className="grid" x1={frame.left} x2={frame.left + plot.width} y1={frame.top + 0.5} y2={frame.top + 0.5} />
        {ticks.map((t) => (
          <text key={t.x} x={frame.left + t.x} y={frame.height - 4}>
            {t.label}
          </text>
        ))}
      </g>
      <g transform={`translate(${frame.left} ${frame.top})`}>{children}</g>
    </svg>
  );
}

interface RunsChartProps {
  name: string;
  windowLabel: string;
  buckets: RunBucket[];
  formats: Formats;
  onClick?: () => void;
}

/** RunsChart is a flow's runs per hour, stacked by status; every hour's title says its counts. */
export function RunsChart({ name, windowLabel, buckets, formats, onClick }: RunsChartProps) {
  const { bars, max } = runBars(buckets, plot, formats);
  return (
    <ChartFrame
      label={`Runs per hour of ${name} over ${windowLabel}`}
      starts={buckets.map((b) => b.start)}
      formats={formats}
      top={String(max)}
      onClick={onClick}
    >
      {bars.map((b) => (
        <g key={b.start} role={b.total ? 'img' : undefined} aria-label={b.total ? b.title : undefined} aria-hidden={b.total ? undefined : true}>
          <title>{b.title}</title>
          <rect className="hit" x={b.x} y={0} width={b.width} height={plot.height} />
          {b.segments.map((s) => (
            <rect key={s.key} className={`bar-${s.key}`} x={b.x} y={s.y} width={b.width} height={s.height} />
          ))}
        </g>
      ))}
    </ChartFrame>
  );
}

interface RateChartProps {
  name: string;
  windowLabel: string;
  buckets: DeliveryBucket[];
  formats: Formats;
}

/** RateChart is a webhook's delivery success rate per hour; hours without finished deliveries stay empty. */
export function RateChart({ name, windowLabel, buckets, formats }: RateChartProps) {
  const bars = rateBars(buckets, plot, formats);
  return (
    <ChartFrame label={`Delivery success rate per hour of ${name} over ${windowLabel}`} starts={buckets.map((b) => b.start)} formats={formats} top="100%" bottom="0%">
      {bars.map((b) => (
        <g key={b.start} role={b.rate === null ? undefined : 'img'} aria-label={b.rate === null ? undefined : b.title} aria-hidden={b.rate === null ? true : undefined}>
          <title>{b.title}</title>
          <rect className="hit" x={b.x} y={0} width={b.width} height={plot.height} />
          {b.rate !== null && <rect className={`rate-${b.level}`} x={b.x} y={b.y} width={b.width} height={b.height} />}
        </g>
      ))}
    </ChartFrame>
  );
}

/** RunsLegend names the colours of the runs charts. */
export function RunsLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      {runStatuses.map((s) => (
        <li key={s.key}>
          <span className={`swatch bar-${s.key}`} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** RateLegend names the colours of the success-rate charts. */
export function RateLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="swatch rate-good" aria-hidden="true" />
        {percent(0.95)} or more delivered
      </li>
      <li>
        <span className="swatch rate-fair" aria-hidden="true" />
        80–94%
      </li>
      <li>
        <span className="swatch rate-poor" aria-hidden="true" />
        under 80%
      </li>
      <li>
        <span className="swatch rate-none" aria-hidden="true" />
        no finished deliveries
      </li>
    </ul>
  );
}
