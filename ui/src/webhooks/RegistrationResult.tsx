import type { Registered } from './api';
import { SecretOnce } from './SecretOnce';

/** InvalidLists says, in words, which events and numbers the server did not take. */
export function InvalidLists({ result }: { result: Registered }) {
  const events = result.invalidWebhooks ?? [];
  const numbers = result.invalidWabaNumbers ?? [];
  if (events.length === 0 && numbers.length === 0) return null;
  return (
    <div className="wh-messages">
      {events.length > 0 && (
        <p className="notice">
          {events.length === 1 ? 'This event is' : 'These events are'} not known to hookflow and{' '}
          {events.length === 1 ? 'was' : 'were'} left out: <strong>{events.join(', ')}</strong>.
        </p>
      )}
      {numbers.length > 0 && (
        <p className="notice">
          {numbers.length === 1 ? 'This number is' : 'These numbers are'} not a business number of this installation and{' '}
          {numbers.length === 1 ? 'was' : 'were'} left out: <strong>{numbers.join(', ')}</strong>. Add{' '}
          {numbers.length === 1 ? 'it' : 'them'} in Settings → Channels, then edit the webhook.
        </p>
      )}
    </div>
  );
}

interface Props {
  result: Registered;
  title: string;
  onDone: () => void;
}

/** RegistrationResult is the answer to a registration: what was registered, what was not, and the secret, once. */
export function RegistrationResult({ result, title, onDone }: Props) {
  const pairs = result.validWebhooks.length;
  return (
    <section className="wh-form" aria-label={title}>
      <h2>{title}</h2>
      <p role="status">
        Registered for {pairs} {pairs === 1 ? 'pair' : 'pairs'} of event and business number.
      </p>
      <InvalidLists result={result} />
      {result.signingSecret && (
        <SecretOnce
          label="Signing secret"
          value={result.signingSecret}
          warning="Copy it now and keep it with your endpoint: it checks that each delivery comes from hookflow. hookflow does not show it again; if it is lost, rotate the secret to get a new one."
          onDone={onDone}
        />
      )}
      {!result.signingSecret && (
        <div className="row end">
          <button type="button" className="primary" onClick={onDone}>
            Done
          </button>
        </div>
      )}
    </section>
  );
}
