import type { WebhookHealth } from './api';
import { percent, when } from './format';

/** Health sums up a webhook's latest attempts in words. */
export function Health({ health }: { health: WebhookHealth }) {
  if (health.successRate === null || health.attempts === 0) {
    return <span className="muted">No delivery attempted yet</span>;
  }
  return (
    <span>
      <span className={health.failingSince ? 'wh-health-bad' : undefined}>
        {percent(health.successRate)} of the last {health.attempts} {health.attempts === 1 ? 'attempt' : 'attempts'} succeeded
      </span>
      <br />
      <span className="small">
        Last success {when(health.lastSuccessAt)} · last failure {when(health.lastFailureAt)}
      </span>
      {health.failingSince && (
        <>
          <br />
          <span className="small wh-health-bad">
            Failing since {when(health.failingSince)}
            {health.lastError && `: ${health.lastError}`}
          </span>
        </>
      )}
    </span>
  );
}

/** statusWords says what a webhook's status means for its deliveries. */
export function statusWords(status: string): string {
  switch (status) {
    case 'paused':
      return 'Paused: deliveries are held until it is resumed.';
    case 'disabled':
      return 'Disabled by hookflow: deliveries are held until it is resumed.';
    default:
      return 'Active: events are sent as they happen.';
  }
}
