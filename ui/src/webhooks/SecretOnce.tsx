import { useState } from 'react';
import './webhooks.css';

interface Props {
  /** What the secret is, such as "Signing secret". */
  label: string;
  value: string;
  /** Why it matters and what to do with it. */
  warning: string;
  onDone: () => void;
}

/**
 * SecretOnce shows a secret the server will never show again, with a copy
 * button and a plain warning. Closing it forgets the secret.
 */
export function SecretOnce({ label, value, warning, onDone }: Props) {
  const [copied, setCopied] = useState<'' | 'ok' | 'failed'>('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="secret-once" role="region" aria-label={label}>
      <h3>{label}</h3>
      <p className="secret-warning" role="note">
        <strong>Shown only this once.</strong> {warning}
      </p>
      <div className="row">
        <input className="mono secret-value" readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="small" aria-live="polite">
        {copied === 'ok' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'The browser did not allow copying: select the text and copy it by hand.'}
      </p>
      <div className="row end">
        <button type="button" className="primary" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </section>
  );
}
