import { useState, type FormEvent } from 'react';
import * as catalog from '../catalog/api';
import { when } from '../webhooks/format';
import { Labeled } from '../webhooks/Labeled';
import type { Channel, ChannelInput } from './api';
import { settingsApi } from './api';
import { ErrorNotice } from '../pages/Notice';
import { useSubmit } from './SettingsForm';
import { ListState, SettingsTable, useRemovableList } from './RemovableList';

/** ChannelsTab lists the business numbers and chat sources, and adds or removes one. */
export function ChannelsTab() {
  const channels = useRemovableList(catalog.channels, (c) => c.number, (c) => settingsApi.removeChannel(c.number));

  return (
    <section aria-label="Channels">
      <p className="settings-intro">
        Channels are the business numbers (WhatsApp Business numbers) and chat sources this installation takes events from.
        Event triggers and outbound webhooks pick from them.
      </p>
      <AddChannel onAdded={(c) => channels.setList((cs) => [...(cs ?? []), c])} />
      <ListState
        of={channels}
        empty={
          <div className="empty">
            <h2>No channels yet</h2>
            <p>Add the business numbers your events come from, such as +91 98765 43210.</p>
          </div>
        }
      />
      <SettingsTable
        of={channels}
        columns={['Number or source', 'Name', 'Kind', 'Added']}
        cells={(c) => (
          <>
            <td className="name">
              <code>{c.number}</code>
            </td>
            <td className="name">{c.name}</td>
            <td>{c.kind === 'chat_source' ? 'Chat source' : 'WhatsApp number'}</td>
            <td className="small">{when(c.createdAt)}</td>
          </>
        )}
        removal={{
          verb: 'Remove',
          what: (c) => c.number,
          body: 'It can no longer be picked when a webhook is registered. Webhooks and flows that list it already keep it, and events sent for it are still taken.',
          confirm: 'Remove channel',
        }}
      />
    </section>
  );
}

function AddChannel({ onAdded }: { onAdded: (c: Channel) => void }) {
  const [input, setInput] = useState<ChannelInput>({ number: '', name: '', kind: 'waba' });
  const { error, setError, busy, run } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (!input.number.trim()) {
      setError(input.kind === 'chat_source' ? 'Enter the chat source’s name, such as web-widget.' : 'Enter the number, such as +91 98765 43210.');
      return;
    }
    await run(async () => {
      onAdded(await settingsApi.addChannel({ ...input, number: input.number.trim(), name: input.name?.trim() || undefined }));
      setInput({ number: '', name: '', kind: input.kind });
    });
  };
  return (
    <form className="settings-form" aria-label="Add a channel" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Add a channel</h2>
      <div className="settings-grid">
        <Labeled label="Kind">
          <select value={input.kind} onChange={(e) => setInput({ ...input, kind: e.target.value as ChannelInput['kind'] })}>
            <option value="waba">WhatsApp Business number</option>
            <option value="chat_source">Chat source</option>
          </select>
        </Labeled>
        <Labeled label={input.kind === 'chat_source' ? 'Source name' : 'Number'}>
          <input
            value={input.number}
            placeholder={input.kind === 'chat_source' ? 'web-widget' : '+91 98765 43210'}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setInput({ ...input, number: e.target.value })}
          />
        </Labeled>
        <Labeled label="Name (optional)">
          <input value={input.name ?? ''} placeholder="Sales" onChange={(e) => setInput({ ...input, name: e.target.value })} />
        </Labeled>
      </div>
      <ErrorNotice error={error} />
      <div className="row end">
        <button type="submit" className="primary" disabled={busy}>
          Add channel
        </button>
      </div>
    </form>
  );
}
