import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Config, Flow } from '../api/types';
import type { EventType } from '../catalog/api';
import { TriggerPanel, shownData } from './TriggerPanel';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

// The schema types an example as an object with no known fields.
const ex = (v: object) => v as EventType['example'];

const catalog: EventType[] = [
  {
    name: 'CHAT_ASSIGNED_TO_AGENT',
    label: 'Chat assigned to agent',
    description: 'A chat was assigned or reassigned to an agent.',
    group: 'chat',
    schema: {},
    example: ex({ customer: { phoneNumber: '919812345678' }, assignedAgent: { name: 'Ravi' } }),
  },
  { name: 'ADD_TAG', label: 'Tag added', description: 'A tag was added to a customer.', group: 'chat', schema: {}, example: ex({ tag: 'vip' }) },
  { name: 'TICKET_CREATED', label: 'Ticket created', description: 'A support ticket was opened.', group: 'ticket', schema: {}, example: {} },
];

const flow = {
  id: 'flw_1',
  name: 'Assigned chat',
  status: 'draft',
  version: 0,
  nodes: [],
  edges: [],
  hookToken: 'whk_1',
  trigger: {},
  settings: {},
  createdAt: '2026-11-22T10:00:00Z',
  updatedAt: '2026-11-22T10:00:00Z',
} as Flow;

afterEach(() => vi.unstubAllGlobals());

function renderEvent(config: Config) {
  vi.stubGlobal('fetch', async (url: string) => {
    if (url === '/api/event-types') return json({ items: catalog });
    if (url === '/api/channels') return json({ items: [{ number: '919800000001', name: 'Sales line', kind: 'waba', createdAt: '2026-11-01T00:00:00Z' }] });
    return json({ items: [] });
  });
  const onConfigChange = vi.fn();
  render(
    <TriggerPanel
      flow={flow}
      nodeId="trigger"
      type="event"
      config={config}
      onConfigChange={onConfigChange}
      beforeCapture={async () => {}}
      sample={undefined}
      onSampleChange={() => {}}
      problems={[]}
    />,
  );
  return onConfigChange;
}

describe('TriggerPanel for an event trigger', () => {
  it('picks event types from the catalog, grouped and searchable', async () => {
    const change = renderEvent({ eventTypes: ['ADD_TAG'] });
    const chats = await screen.findByRole('group', { name: 'Chats and messages' });
    expect(within(chats).getAllByRole('checkbox')).toHaveLength(2);
    expect(screen.getByRole('group', { name: 'Tickets' })).toBeTruthy();
    const assigned = screen.getByRole('checkbox', { name: /Chat assigned to agent/ });
    expect(assigned.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText('A chat was assigned or reassigned to an agent.')).toBeTruthy();

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search events' }), { target: { value: 'ticket' } });
    expect(screen.queryByRole('checkbox', { name: /Chat assigned/ })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /Ticket created/ }));
    expect(change).toHaveBeenLastCalledWith({ eventTypes: ['ADD_TAG', 'TICKET_CREATED'] });
  });

  it('picks business numbers, known or typed', async () => {
    const change = renderEvent({ eventTypes: ['ADD_TAG'] });
    fireEvent.click(await screen.findByRole('checkbox', { name: /Sales line/ }));
    expect(change).toHaveBeenLastCalledWith({ eventTypes: ['ADD_TAG'], channels: ['919800000001'] });
    fireEvent.change(screen.getByRole('textbox', { name: 'Add a business number or chat source' }), { target: { value: '919811111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(change).toHaveBeenLastCalledWith({ eventTypes: ['ADD_TAG'], channels: ['919811111111'] });
  });

  it('shows the catalog example of the first event type when nothing was captured', async () => {
    renderEvent({ eventTypes: ['CHAT_ASSIGNED_TO_AGENT'], channels: ['919800000001'] });
    expect(await screen.findByText(/An example of “Chat assigned to agent” from the event catalog/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'phoneNumber' }).dataset.path).toBe('event.data.customer.phoneNumber');
  });
});

describe('shownData', () => {
  it('prefers a real sample to the catalog example', () => {
    const sample = { flowId: 'f', nodeId: 't', data: { event: { type: 'ADD_TAG' } }, source: 'capture' as const, updatedAt: '2026-11-22T10:00:00Z' };
    expect(shownData('event', sample, { eventTypes: ['CHAT_ASSIGNED_TO_AGENT'] }, catalog)?.data).toBe(sample.data);
    const fromCatalog = { ...sample, source: 'catalog' as const };
    expect(shownData('event', fromCatalog, { eventTypes: ['ADD_TAG'] }, catalog)?.data).toEqual({
      event: { type: 'ADD_TAG', channel: '', data: { tag: 'vip' } },
    });
    expect(shownData('webhook', undefined, {}, catalog)).toBeNull();
  });
});
