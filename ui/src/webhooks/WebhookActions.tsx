import { useState } from 'react';
import { message } from '../api/client';
import { ConfirmDialog } from '../pages/ConfirmDialog';
import type { SecretRotation, Webhook } from './api';
import { webhooksApi } from './api';
import { when } from './format';
import { SecretOnce } from './SecretOnce';
import { ErrorNotice, StatusNotice } from '../pages/Notice';

interface Props {
  webhook: Webhook;
  /** Called with the webhook as it is now, or null once deleted. */
  onChanged: (w: Webhook | null) => void;
}

type Confirm = 'delete' | 'rotate' | null;

/** WebhookActions pauses or resumes a webhook, rotates its secret, redelivers what failed, and deletes it. */
export function WebhookActions({ webhook, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [rotation, setRotation] = useState<SecretRotation | null>(null);
  const name = webhook.name || webhook.id;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    setNote('');
    try {
      await action();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    run(async () => {
      onChanged(webhook.status === 'active' ? await webhooksApi.pause(webhook.id) : await webhooksApi.resume(webhook.id));
    });
  const redeliver = () =>
    run(async () => {
      const n = await webhooksApi.redeliverFailed(webhook.id);
      setNote(
        n === 0
          ? 'There was no failed or held delivery to send again.'
          : `${n} ${n === 1 ? 'delivery is' : 'deliveries are'} being sent again.`,
      );
    });
  const remove = () => {
    setConfirm(null);
    void run(async () => {
      await webhooksApi.remove(webhook.id);
      onChanged(null);
    });
  };
  const rotate = () => {
    setConfirm(null);
    void run(async () => setRotation(await webhooksApi.rotateSecret(webhook.id)));
  };

  return (
    <div className="wh-actions-block">
      <div className="wh-actions">
        <button
          type="button"
          onClick={() => void toggle()}
          disabled={busy}
          aria-label={`${webhook.status === 'active' ? 'Pause' : 'Resume'} ${name}`}
        >
          {webhook.status === 'active' ? 'Pause' : 'Resume'}
        </button>
        <button
          type="button"
          onClick={() => void redeliver()}
          disabled={busy || webhook.status !== 'active'}
          aria-label={`Redeliver failed deliveries of ${name}`}
          title={webhook.status !== 'active' ? 'Resume the webhook first: its deliveries are held while it is not active.' : undefined}
        >
          Redeliver failed
        </button>
        <button type="button" onClick={() => setConfirm('rotate')} disabled={busy} aria-label={`Rotate the signing secret of ${name}`}>
          Rotate secret
        </button>
        <button type="button" className="danger" onClick={() => setConfirm('delete')} disabled={busy} aria-label={`Delete ${name}`}>
          Delete
        </button>
      </div>
      <ErrorNotice error={error} />
      <StatusNotice text={note} />
      {rotation && (
        <SecretOnce
          label={`New signing secret of ${name}`}
          value={rotation.signingSecret}
          warning={`Put it in your endpoint now. Until ${when(rotation.previousSecretExpiresAt)} every delivery is signed with both the old and the new secret, so nothing is lost while you switch; after that only the new one works.`}
          onDone={() => setRotation(null)}
        />
      )}
      {confirm === 'delete' && (
        <ConfirmDialog
          title={`Delete ${name}?`}
          body="hookflow stops sending events to this endpoint. Its delivery log stays; deliveries still waiting for a retry will fail. This cannot be undone."
          confirm="Delete webhook"
          onConfirm={remove}
          onCancel={() => setConfirm(null)}
        />
      )}
      {confirm === 'rotate' && (
        <ConfirmDialog
          title={`Rotate the signing secret of ${name}?`}
          body="hookflow makes a new secret and shows it once. The old secret keeps signing beside the new one for 24 hours, then stops working: update your endpoint within that time."
          confirm="Rotate secret"
          onConfirm={rotate}
          onCancel={() => setConfirm(null)}
        />
      )}
    </div>
  );
}
